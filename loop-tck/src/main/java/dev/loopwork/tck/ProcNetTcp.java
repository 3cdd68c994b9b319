package dev.loopwork.tck;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code /proc/net/tcp}, {@code /proc/net/tcp6} and {@code /proc/net/unix} to describe a
 * leaked socket by its endpoints and TCP state ("127.0.0.1:40000 -> 127.0.0.1:8080 ESTABLISHED")
 * or as a UNIX socket: a leak report that names the connection is worth far more than an inode
 * number. A TCP socket that is in none of the tables has finished its connection but was never
 * closed. Best effort: anything unreadable is simply left out.
 */
final class ProcNetTcp {

    private static final String[] STATES = {"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
        "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING", "NEW_SYN_RECV"};

    private ProcNetTcp() {
    }

    /** Socket inode to "local -> remote STATE", for every TCP socket of this network namespace. */
    static Map<String, String> socketsByInode() {
        Map<String, String> out = new HashMap<>();
        read(Paths.get("/proc/net/tcp"), out);
        read(Paths.get("/proc/net/tcp6"), out);
        readUnix(out);
        return out;
    }

    private static void read(Path table, Map<String, String> out) {
        List<String> lines;
        try {
            lines = Files.readAllLines(table);
        } catch (IOException | RuntimeException e) {
            return;
        }
        for (int i = 1; i < lines.size(); i++) { // line 0 is the header
            String[] f = lines.get(i).trim().split("\\s+");
            if (f.length < 10) {
                continue;
            }
            try {
                int state = Integer.parseInt(f[3], 16);
                String name = state < STATES.length ? STATES[state] : "state " + state;
                out.put(f[9], endpoint(f[1]) + " -> " + endpoint(f[2]) + ' ' + name);
            } catch (RuntimeException | UnknownHostException malformed) {
                // A line this parser does not understand only costs the description.
            }
        }
    }

    private static void readUnix(Map<String, String> out) {
        List<String> lines;
        try {
            lines = Files.readAllLines(Paths.get("/proc/net/unix"));
        } catch (IOException | RuntimeException e) {
            return;
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).trim().split("\\s+");
            if (f.length >= 7) {
                out.put(f[6], "unix socket" + (f.length > 7 ? ' ' + f[7] : ""));
            }
        }
    }

    /** "0100007F:1F90" to "127.0.0.1:8080": the address is kernel words in host byte order. */
    private static String endpoint(String hex) throws UnknownHostException {
        int colon = hex.indexOf(':');
        String addr = hex.substring(0, colon);
        int port = Integer.parseInt(hex.substring(colon + 1), 16);
        byte[] bytes = new byte[addr.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int from = word * 8 + b * 2;
                int value = Integer.parseInt(addr.substring(from, from + 2), 16);
                int to = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? word * 4 + (3 - b) : word * 4 + b;
                bytes[to] = (byte) value;
            }
        }
        return InetAddress.getByAddress(bytes).getHostAddress() + ':' + port;
    }
}
