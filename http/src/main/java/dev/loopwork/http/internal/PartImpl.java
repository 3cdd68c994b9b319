package dev.loopwork.http.internal;

import dev.loopwork.http.HttpHeaders;
import dev.loopwork.http.Part;

/** A part's head, parsed from its header block. */
final class PartImpl implements Part {

    private final int index;
    private final FieldList headers;
    private final String name;
    private final String filename;
    private final String contentType;

    private PartImpl(int index, FieldList headers, String name, String filename, String contentType) {
        this.index = index;
        this.headers = headers;
        this.name = name;
        this.filename = filename;
        this.contentType = contentType;
    }

    /** Builds the part from its header fields; names and file names are decoded as UTF-8 (RFC 7578 §5.1). */
    static PartImpl of(int index, FieldList headers) {
        String name = null;
        String filename = null;
        String disposition = headers.get("Content-Disposition");
        if (disposition != null) {
            HeaderParams p = HeaderParams.parse(disposition);
            if (p != null) {
                name = p.param("name") == null ? null : HeadParser.utf8(p.param("name"));
                filename = p.extendedParam("filename");
                if (filename == null && p.param("filename") != null) {
                    filename = HeadParser.utf8(p.param("filename"));
                }
            }
        }
        String type = headers.get("Content-Type");
        return new PartImpl(index, headers, name, filename, type == null ? "text/plain" : type);
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public HttpHeaders headers() {
        return headers;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String filename() {
        return filename;
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public String toString() {
        return "Part#" + index + "{name=" + name + ", filename=" + filename + ", type=" + contentType + '}';
    }
}
