package dev.vmlab.device;

/** Raised by a device for an access it does not decode; becomes an access-fault trap in the guest. */
public final class BusFault extends RuntimeException {
    public BusFault(String why) {
        super(why, null, false, false);
    }
}
