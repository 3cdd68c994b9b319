package dev.loopwork.http;

import java.util.List;

/**
 * Header (or trailer, or part header) fields in the order received. Names compare
 * case-insensitively; values are the field values with surrounding whitespace removed, decoded as
 * ISO-8859-1 (one char per byte, as HTTP defines them). Immutable.
 */
public interface HttpHeaders {

    /** Number of field lines. */
    int size();

    /** The name of field {@code index}, as the client spelled it. */
    String name(int index);

    /** The value of field {@code index}. */
    String value(int index);

    /** The value of the first field named {@code name}, or {@code null}. */
    String get(String name);

    /** Every value of fields named {@code name}, in order; empty if none. */
    List<String> getAll(String name);

    default boolean contains(String name) {
        return get(name) != null;
    }
}
