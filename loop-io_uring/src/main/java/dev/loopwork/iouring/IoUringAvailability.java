package dev.loopwork.iouring;

import io.netty.channel.uring.IoUring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Asks Netty whether io_uring can run here, without letting a missing Netty class escape: a provider
 * must be listable, with a reason, on any class path and OS.
 *
 * <h2>Why io_uring may be unavailable</h2>
 * Netty's {@code IoUring.unavailabilityCause()} covers them all: no native library for this OS or CPU
 * (an {@code UnsatisfiedLinkError} deep in the chain), a kernel older than Netty supports (its version
 * check), or {@code io_uring_setup(2)} refused: {@code EPERM} when the {@code kernel.io_uring_disabled}
 * sysctl is 2 (or 1 and the process is outside {@code kernel.io_uring_group}), {@code ENOSYS} or
 * {@code EPERM} under a seccomp filter (Docker's default profile blocks io_uring). Netty's message for
 * a refused setup is a bare errno, so when the sysctl is set this class says so in front of it.
 */
final class IoUringAvailability {

    static final Path IO_URING_DISABLED = Paths.get("/proc/sys/kernel/io_uring_disabled");

    private IoUringAvailability() {
    }

    static boolean isAvailable() {
        try {
            return IoUring.isAvailable();
        } catch (LinkageError e) {
            return false;
        }
    }

    static Throwable cause() {
        Throwable netty;
        try {
            netty = IoUring.unavailabilityCause();
        } catch (LinkageError e) {
            return e;
        }
        if (netty == null) {
            return null;
        }
        String sysctl = sysctlHint(readSysctl(IO_URING_DISABLED));
        if (sysctl == null) {
            return netty;
        }
        // The explanation goes last in the chain (the provider reports the deepest message), Netty's own
        // cause stays attached.
        UnsupportedOperationException hint = new UnsupportedOperationException(sysctl + "; Netty says: "
                + netty);
        hint.addSuppressed(netty);
        return hint;
    }

    /** What a value of {@code kernel.io_uring_disabled} means, or {@code null} if it allows io_uring. */
    static String sysctlHint(String value) {
        if (value == null || value.equals("0")) {
            return null;
        }
        if (value.equals("1")) {
            return "kernel.io_uring_disabled=1: only members of the group in kernel.io_uring_group may create "
                    + "io_uring instances";
        }
        if (value.equals("2")) {
            return "kernel.io_uring_disabled=2: io_uring is disabled for every process";
        }
        return "kernel.io_uring_disabled=" + value;
    }

    private static String readSysctl(Path p) {
        try {
            return Files.readString(p, StandardCharsets.US_ASCII).trim();
        } catch (IOException | RuntimeException e) {
            return null; // older kernels have no such sysctl: nothing to add
        }
    }
}
