package dev.loopwork.http.internal;

import dev.loopwork.http.HttpHeaders;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** {@link HttpHeaders} as two parallel arrays; built by the parser, then read-only. */
public final class FieldList implements HttpHeaders {

    public static final FieldList EMPTY = new FieldList(0);

    private String[] names;
    private String[] values;
    private int size;

    public FieldList(int capacity) {
        names = new String[Math.max(capacity, 0)];
        values = new String[names.length];
    }

    /** Appends a field; only while building. */
    public void add(String name, String value) {
        if (size == names.length) {
            int n = Math.max(8, size * 2);
            names = Arrays.copyOf(names, n);
            values = Arrays.copyOf(values, n);
        }
        names[size] = name;
        values[size] = value;
        size++;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public String name(int index) {
        check(index);
        return names[index];
    }

    @Override
    public String value(int index) {
        check(index);
        return values[index];
    }

    @Override
    public String get(String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return values[i];
            }
        }
        return null;
    }

    @Override
    public List<String> getAll(String name) {
        List<String> all = null;
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                if (all == null) {
                    all = new ArrayList<>(2);
                }
                all.add(values[i]);
            }
        }
        return all == null ? Collections.emptyList() : Collections.unmodifiableList(all);
    }

    private void check(int index) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("field index " + index + " out of 0.." + (size - 1));
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(names[i]).append(": ").append(values[i]);
        }
        return sb.append('}').toString();
    }
}
