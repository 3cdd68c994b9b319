package dev.loopwork.http.internal;

import dev.loopwork.http.HttpException;
import dev.loopwork.http.HttpLimits;

import java.nio.charset.StandardCharsets;

/**
 * Parses a complete header block collected by {@link HeadScanner} and decides the message framing,
 * refusing everything that could be read two ways (request smuggling).
 *
 * <h2>What is refused, and with what</h2>
 * <ul>
 *   <li>400: a method or field name that is not a token; anything but one SP between the parts of
 *       the request line; a target with spaces, controls, non-ASCII bytes or a fragment, or in a
 *       form the method does not allow; whitespace between a field name and its colon; a line
 *       starting with whitespace (obs-fold, RFC 9112 §5.2); controls in a field value; missing or
 *       repeated {@code Host} on HTTP/1.1, or an invalid one; a {@code Content-Length} that is not
 *       digits, or given twice (even with the same value); {@code Content-Length} together with
 *       {@code Transfer-Encoding}; {@code Transfer-Encoding} in HTTP/1.0, with chunked not last, or
 *       chunked twice.</li>
 *   <li>501: a transfer coding other than chunked; the CONNECT method.</li>
 *   <li>505: an HTTP major version other than 1 (1.2 to 1.9 are read as 1.1, RFC 9110 §2.5).</li>
 *   <li>417: an {@code Expect} other than {@code 100-continue}.</li>
 *   <li>413: a {@code Content-Length} above {@link HttpLimits#maxBodySize()}.</li>
 *   <li>414 / 431: the target or the header count above their limits.</li>
 * </ul>
 *
 * <h2>Allocation</h2>
 * One String per method, target, field name and value; nothing per byte.
 */
final class HeadParser {

    private final HttpLimits limits;

    HeadParser(HttpLimits limits) {
        this.limits = limits;
    }

    /** Parses {@code h[0..n)}, a request head ending with CRLF CRLF. */
    RequestHead parse(byte[] h, int n) {
        int p = 0;
        // ---- request line: method SP request-target SP HTTP-version CRLF
        int m = p;
        while (Ascii.isTchar(h[p])) {
            p++;
        }
        if (p == m) {
            throw new HttpException(400, "the request line does not start with a method token");
        }
        if (h[p] != Ascii.SP) {
            throw new HttpException(400, "invalid character " + Ascii.show(h[p]) + " in the method");
        }
        String method = latin1(h, m, p - m);
        p++;
        int t = p;
        while (Ascii.isTargetChar(h[p])) {
            p++;
        }
        if (p == t) {
            throw new HttpException(400, "empty request target or extra space");
        }
        if (h[p] != Ascii.SP) {
            throw new HttpException(400, "invalid character " + Ascii.show(h[p]) + " in the request target");
        }
        if (p - t > limits.maxUriLength()) {
            throw new HttpException(414, "request target longer than " + limits.maxUriLength() + " bytes");
        }
        String target = latin1(h, t, p - t);
        p++;
        int minor = parseVersion(h, p);
        p += 10; // "HTTP/1.x" CR LF
        // ---- field lines
        FieldList fields = new FieldList(16);
        Framing framing = new Framing();
        p = parseFields(h, p, n, fields, limits.maxHeaderCount(), 431, "header", framing);
        if (p != n) {
            throw new IllegalStateException("head parser stopped at " + p + " of " + n);
        }
        return decide(method, target, minor, fields, framing);
    }

    private static int parseVersion(byte[] h, int p) {
        if (h[p] != 'H' || h[p + 1] != 'T' || h[p + 2] != 'T' || h[p + 3] != 'P' || h[p + 4] != '/'
                || !isDigit(h[p + 5]) || h[p + 6] != '.' || !isDigit(h[p + 7]) || h[p + 8] != Ascii.CR) {
            throw new HttpException(400, "malformed HTTP version in the request line");
        }
        if (h[p + 5] != '1') {
            throw new HttpException(505, "HTTP version " + (char) h[p + 5] + '.' + (char) h[p + 7] + " is not supported");
        }
        // RFC 9110 §2.5: a higher minor version of our major is processed as the highest we support
        // (1.1); 505 is for other majors only (§15.6.6).
        return h[p + 7] == '0' ? 0 : 1;
    }

    /**
     * Parses field lines from {@code p} up to and including the empty line that ends them (the
     * block ends at {@code n}). The scanner guarantees CR is always followed by LF.
     *
     * @param framing where the framing fields are recorded, or {@code null} (trailers, part headers)
     * @return the index after the final CRLF
     */
    static int parseFields(byte[] h, int p, int n, FieldList out, int maxCount, int countStatus, String kind,
                           Framing framing) {
        while (true) {
            if (p >= n) {
                throw new IllegalStateException("field block without its final CRLF");
            }
            byte first = h[p];
            if (first == Ascii.CR) {
                return p + 2;
            }
            if (Ascii.isWhite(first)) {
                throw new HttpException(400, kind + " line starts with whitespace (obsolete line folding)");
            }
            int nameStart = p;
            while (Ascii.isTchar(h[p])) {
                p++;
            }
            if (h[p] != ':') {
                throw new HttpException(400, p == nameStart ? kind + " line without a field name"
                        : Ascii.isWhite(h[p]) ? "whitespace between a " + kind + " field name and its colon"
                        : "invalid character " + Ascii.show(h[p]) + " in a " + kind + " field name");
            }
            int nameEnd = p;
            p++;
            while (Ascii.isWhite(h[p])) {
                p++;
            }
            int valueStart = p;
            int valueEnd = p;
            while (h[p] != Ascii.CR) {
                byte b = h[p];
                if (!Ascii.isFieldChar(b)) {
                    throw new HttpException(400, "invalid character " + Ascii.show(b) + " in a " + kind + " field value");
                }
                p++;
                if (!Ascii.isWhite(b)) {
                    valueEnd = p;
                }
            }
            p += 2;
            if (out.size() == maxCount) {
                throw new HttpException(countStatus, "more than " + maxCount + ' ' + kind + " fields");
            }
            String name = latin1(h, nameStart, nameEnd - nameStart);
            String value = latin1(h, valueStart, valueEnd - valueStart);
            out.add(name, value);
            if (framing != null) {
                framing.note(h, nameStart, nameEnd - nameStart, value);
            }
        }
    }

    private RequestHead decide(String method, String target, int minor, FieldList fields, Framing f) {
        String path;
        String query = null;
        char c0 = target.charAt(0);
        int q = target.indexOf('?');
        if (target.indexOf('#') >= 0) {
            throw new HttpException(400, "a fragment (#) is not allowed in a request target");
        }
        if ("CONNECT".equals(method)) {
            throw new HttpException(501, "CONNECT is not supported");
        }
        if (c0 == '/') {
            path = q < 0 ? target : target.substring(0, q);
        } else if (target.equals("*")) {
            if (!"OPTIONS".equals(method)) {
                throw new HttpException(400, "the asterisk target is only allowed with OPTIONS");
            }
            path = "*";
        } else {
            path = absolutePath(target, q);
        }
        if (q >= 0) {
            query = target.substring(q + 1);
        }
        if (f.hosts > 1) {
            throw new HttpException(400, "more than one Host field");
        }
        if (f.hosts == 0 && minor == 1) {
            throw new HttpException(400, "HTTP/1.1 request without a Host field");
        }
        if (f.host != null && !validHost(f.host)) {
            throw new HttpException(400, "invalid Host field value");
        }
        long length = 0;
        if (f.transferEncoding != null) {
            if (minor == 0) {
                throw new HttpException(400, "Transfer-Encoding in an HTTP/1.0 request");
            }
            if (f.contentLengths > 0) {
                throw new HttpException(400, "both Content-Length and Transfer-Encoding");
            }
            checkTransferCodings(f.transferEncoding);
            length = -1;
        } else if (f.contentLengths > 1) {
            throw new HttpException(400, "more than one Content-Length field");
        } else if (f.contentLengths == 1) {
            length = parseContentLength(f.contentLength);
        }
        boolean expectContinue = false;
        for (String e : f.expectations()) {
            if (!e.equalsIgnoreCase("100-continue")) {
                throw new HttpException(417, "unsupported expectation");
            }
            expectContinue = minor == 1; // HTTP/1.0 clients must not get 100 (RFC 9110 §10.1.1)
        }
        if (length > limits.maxBodySize() || length == Long.MAX_VALUE) {
            throw new HttpException(413, "Content-Length above the limit of " + limits.maxBodySize() + " bytes");
        }
        boolean keepAlive = minor == 1 ? !f.connectionClose : f.connectionKeepAlive && !f.connectionClose;
        return new RequestHead(method, target, path, query, minor, fields, length, expectContinue && length != 0,
                keepAlive);
    }

    /** The path of an absolute-form target {@code scheme://authority/path?query}. */
    private static String absolutePath(String target, int q) {
        int colon = target.indexOf("://");
        if (colon <= 0 || !Character.isLetter(target.charAt(0))) {
            throw new HttpException(400, "request target is neither a path, an absolute URI nor *");
        }
        for (int i = 1; i < colon; i++) {
            char c = target.charAt(i);
            if (!Character.isLetterOrDigit(c) && c != '+' && c != '-' && c != '.') {
                throw new HttpException(400, "invalid scheme in an absolute-form request target");
            }
        }
        int end = q < 0 ? target.length() : q;
        int slash = target.indexOf('/', colon + 3);
        if (slash < 0 || slash > end) {
            return "/";
        }
        return target.substring(slash, end);
    }

    private static boolean validHost(String host) {
        for (int i = 0; i < host.length(); i++) {
            if (!Ascii.isHostChar(host.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Digits only, at least one; above 18 digits the value cannot be a body we accept: 413. */
    static long parseContentLength(String v) {
        int n = v.length();
        if (n == 0) {
            throw new HttpException(400, "empty Content-Length");
        }
        long value = 0;
        for (int i = 0; i < n; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                throw new HttpException(400, "Content-Length is not a decimal number");
            }
            if (value > (Long.MAX_VALUE - 9) / 10) {
                value = Long.MAX_VALUE; // keep checking the syntax; the size check answers 413
            } else {
                value = value * 10 + (c - '0');
            }
        }
        return value;
    }

    /** Every coding of every Transfer-Encoding field: chunked exactly once and last, nothing else. */
    private static void checkTransferCodings(String all) {
        int chunked = 0;
        boolean other = false;
        boolean chunkedLast = false;
        int i = 0;
        int n = all.length();
        while (i <= n) {
            int comma = all.indexOf(',', i);
            int end = comma < 0 ? n : comma;
            String coding = all.substring(i, end).strip();
            if (coding.isEmpty()) {
                throw new HttpException(400, "empty transfer coding in Transfer-Encoding");
            }
            for (int k = 0; k < coding.length(); k++) {
                if (!Ascii.isTchar(coding.charAt(k))) {
                    throw new HttpException(400, "invalid transfer coding syntax in Transfer-Encoding");
                }
            }
            if (coding.equalsIgnoreCase("chunked")) {
                chunked++;
                chunkedLast = true;
            } else {
                other = true;
                chunkedLast = false;
            }
            i = end + 1;
        }
        if (chunked > 1) {
            throw new HttpException(400, "chunked applied more than once");
        }
        if (chunked == 1 && !chunkedLast) {
            throw new HttpException(400, "chunked is not the final transfer coding");
        }
        if (other) {
            throw new HttpException(501, "transfer codings other than chunked are not supported");
        }
        if (chunked == 0) {
            throw new HttpException(400, "Transfer-Encoding without chunked");
        }
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    @SuppressWarnings("deprecation")
    static String latin1(byte[] h, int off, int len) {
        // The hibyte constructor maps each byte to one char without a decoder: the fastest exact
        // ISO-8859-1 conversion, and the one that keeps obs-text bytes intact.
        return len == 0 ? "" : new String(h, 0, off, len);
    }

    /** The framing-relevant fields seen while parsing: compared on the bytes, no lower-casing. */
    static final class Framing {
        int hosts;
        String host;
        int contentLengths;
        String contentLength;
        String transferEncoding;
        boolean connectionClose;
        boolean connectionKeepAlive;
        private java.util.List<String> expect;

        void note(byte[] h, int off, int len, String value) {
            switch (len) {
                case 4:
                    if (Ascii.equalsLower(h, off, len, "host")) {
                        hosts++;
                        host = value;
                    }
                    break;
                case 6:
                    if (Ascii.equalsLower(h, off, len, "expect")) {
                        if (expect == null) {
                            expect = new java.util.ArrayList<>(1);
                        }
                        expect.add(value);
                    }
                    break;
                case 10:
                    if (Ascii.equalsLower(h, off, len, "connection")) {
                        connectionTokens(value);
                    }
                    break;
                case 14:
                    if (Ascii.equalsLower(h, off, len, "content-length")) {
                        // "5, 5" is one field with two values: as ambiguous as two fields.
                        contentLengths += value.indexOf(',') >= 0 ? 2 : 1;
                        contentLength = value;
                    }
                    break;
                case 17:
                    if (Ascii.equalsLower(h, off, len, "transfer-encoding")) {
                        transferEncoding = transferEncoding == null ? value : transferEncoding + ',' + value;
                    }
                    break;
                default:
                    break;
            }
        }

        private void connectionTokens(String value) {
            int i = 0;
            int n = value.length();
            while (i <= n) {
                int comma = value.indexOf(',', i);
                int end = comma < 0 ? n : comma;
                String token = value.substring(i, end).strip();
                if (token.equalsIgnoreCase("close")) {
                    connectionClose = true;
                } else if (token.equalsIgnoreCase("keep-alive")) {
                    connectionKeepAlive = true;
                }
                i = end + 1;
            }
        }

        java.util.List<String> expectations() {
            return expect == null ? java.util.List.of() : expect;
        }
    }

    static String utf8(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
