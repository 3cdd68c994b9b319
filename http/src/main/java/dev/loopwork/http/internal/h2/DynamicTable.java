package dev.loopwork.http.internal.h2;

/**
 * The HPACK dynamic table of a decoder (RFC 7541 §2.3.2, §4): newest entry first, evicted from the
 * oldest when the size (name + value + 32 per entry) passes the maximum. A ring of entries.
 */
final class DynamicTable {

    static final int ENTRY_OVERHEAD = 32;

    private String[] names = new String[16];
    private String[] values = new String[16];
    /** Slot of the newest entry; entries go backwards from it. */
    private int head;
    private int count;
    private long size;
    private long maxSize;

    DynamicTable(long maxSize) {
        this.maxSize = maxSize;
    }

    int length() {
        return count;
    }

    long size() {
        return size;
    }

    long maxSize() {
        return maxSize;
    }

    /** Entry {@code index} (1 = newest). */
    String name(int index) {
        return names[slot(index)];
    }

    String value(int index) {
        return values[slot(index)];
    }

    private int slot(int index) {
        if (index < 1 || index > count) {
            throw new IndexOutOfBoundsException("dynamic table index " + index + " of " + count);
        }
        return Math.floorMod(head - (index - 1), names.length);
    }

    void setMaxSize(long max) {
        maxSize = max;
        evictTo(max);
    }

    /** Adds an entry; one larger than the whole table empties the table and is not added (§4.4). */
    void add(String name, String value) {
        long entry = entrySize(name, value);
        if (entry > maxSize) {
            evictTo(0);
            return;
        }
        evictTo(maxSize - entry);
        if (count == names.length) {
            grow();
        }
        head = (head + 1) % names.length;
        names[head] = name;
        values[head] = value;
        count++;
        size += entry;
    }

    static long entrySize(String name, String value) {
        return (long) name.length() + value.length() + ENTRY_OVERHEAD;
    }

    private void evictTo(long target) {
        while (size > target && count > 0) {
            int oldest = slot(count);
            size -= entrySize(names[oldest], values[oldest]);
            names[oldest] = null;
            values[oldest] = null;
            count--;
        }
    }

    private void grow() {
        int n = names.length * 2;
        String[] nn = new String[n];
        String[] nv = new String[n];
        for (int i = 1; i <= count; i++) {
            int s = slot(i);
            nn[count - i] = names[s];
            nv[count - i] = values[s];
        }
        names = nn;
        values = nv;
        head = count - 1;
    }

    @Override
    public String toString() {
        return "DynamicTable{" + count + " entries, size " + size + "/" + maxSize + '}';
    }
}
