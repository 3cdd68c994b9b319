#!/usr/bin/env python3
"""Summarises async-profiler 'collapsed' stacks (one 'frame;frame;... count' line per stack, plain
or gzipped): where the CPU samples of one server JVM went, by category, by hottest frames, and
(inclusive) through the frames that matter for the upload path.

    python3 bench/scripts/profile-summary.py NAME=FILE.collapsed[.gz] [NAME=FILE.collapsed ...]
    python3 bench/scripts/profile-summary.py --compare GIB A=FILE B=FILE

--compare puts two servers of one bout side by side, category by category, in samples (1 ms of CPU
each) per GiB: both uploaded the same bytes while profiled (GiB = rounds x upload size), so the
difference column is where A's extra CPU per GiB goes.

Categories are matched on frame names, first match wins, tried from the leaf up to the root, so a
sample counts where its innermost recognised frame is (the kernel's copy inside a Java read counts
as the copy)."""
import collections
import gzip
import re
import sys

# (category, regex on one frame), tried in order for each frame from the leaf up
CATEGORIES = [
    ("kernel: copy to user", r"copy_user|_copy_to_iter|copyout|rep_movs|copy_to_user|memcpy_to"),
    ("AES-GCM decrypt (BoringSSL)", r"aes_gcm|gcm_|aesni|aes_hw|GCM|ghash|gcm_ghash|CRYPTO_gcm"),
    ("kernel: TCP receive", r"tcp_recvmsg|tcp_rcv|tcp_cleanup_rbuf|skb_|__skb|tcp_v4|ip_rcv|__tcp"),
    ("kernel: poll/epoll/select", r"ep_poll|do_epoll|epoll|do_select|do_sys_poll|sys_poll|select"),
    ("kernel: scheduler/futex/wakeups", r"futex|schedule|__wake_up|try_to_wake|finish_task_switch|pick_next"),
    ("kernel: other", r"\[k\]$"),
    ("JIT compiler", r"CompileBroker|C2Compiler|Compile::|PhaseIdealLoop|PhaseChaitin|C1_|Parse::|Matcher::"),
    ("GC", r"G1|GCTask|WorkerThread|ParallelTask|ConcurrentMark|SafepointSynchronize"),
    ("buffer pool (RealBufferPool, its queues)", r"RealBufferPool|ConcurrentLinkedQueue"),
    ("Netty buffer allocator", r"PooledByteBufAllocator|PoolArena|PoolThreadCache|Recycler"),
    ("TLS stage / SSLEngine glue (Java)", r"dev/loopwork/tls|dev\.loopwork\.tls|ReferenceCountedOpenSslEngine|SslHandler|OpenSslEngine"),
    ("HTTP parser / body (Loopwork)", r"dev/loopwork/http|dev\.loopwork\.http"),
    ("HTTP codec (Netty)", r"io/netty/handler/codec|io\.netty\.handler\.codec"),
    ("Loopwork core", r"dev/loopwork/internal|dev\.loopwork\.internal"),
    ("Loopwork loop (nio/epoll/io_uring)", r"dev/loopwork/(nio|epoll|nativeloop|iouring|io_uring)|dev\.loopwork\.(nio|epoll|nativeloop)"),
    ("Netty channel/pipeline", r"io/netty/channel|io\.netty\.channel"),
    ("JDK NIO", r"sun/nio|sun\.nio|java/nio|java\.nio"),
    ("libc/JVM other", r".*"),
]
COMPILED = [(name, re.compile(rx)) for name, rx in CATEGORIES]


def load(path):
    stacks = collections.Counter()
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            stack, _, count = line.rpartition(" ")
            stacks[stack] += int(count)
    return stacks


def categorize(frames):
    for frame in reversed(frames):
        for name, rx in COMPILED[:-1]:
            if rx.search(frame):
                return name
    return COMPILED[-1][0]


# frames whose inclusive share tells where the upload path's time goes
INCLUSIVE = r"Inbound.pump|Inbound.decode|Inbound.readSocket|SslEngineStage.decode|OpenSslEngine.unwrap|" \
            r"SSL.readFromSSL|NioSocketChannel.doReadBytes|SslHandler.unwrap|HttpObjectDecoder.decode|" \
            r"RealBufferPool|PlatformDependent.allocateDirect|AdaptivePoolingAllocator.allocate$|^tcp_recvmsg$|" \
            r"^_copy_to_iter$|__memmove|fill_to_memory|HttpServer|BodyParser|Discard.onChunk"


def summary(name, stacks, top=12):
    total = sum(stacks.values())
    app = {k: v for k, v in stacks.items() if categorize(k.split(";")) not in ("JIT compiler", "GC")}
    app_total = max(1, sum(app.values()))
    inclusive = collections.Counter()
    for stack, n in app.items():
        seen = set()
        for frame in stack.split(";"):
            frame = re.sub(r"_\[[jik0]\]$", "", frame)
            if frame not in seen and re.search(INCLUSIVE, frame):
                seen.add(frame)
                inclusive[frame] += n
    cats = collections.Counter()
    leaves = collections.Counter()
    for stack, n in stacks.items():
        frames = stack.split(";")
        cats[categorize(frames)] += n
        leaves[frames[-1]] += n
    out = ["### %s: %d samples (1 ms of CPU each)" % (name, total), "",
           "| category | share |", "| --- | ---: |"]
    for cat, n in cats.most_common():
        out.append("| %s | %.1f%% |" % (cat, 100.0 * n / total))
    out += ["", "| hottest frames (self) | share |", "| --- | ---: |"]
    for frame, n in leaves.most_common(top):
        # a native library without symbols shows as its file, unpacked to a temporary path: name it only
        frame = re.sub(r"^/\S*/(lib[A-Za-z0-9_]+?)(?:_?\d+)?\.so.*$", r"\1.so (no symbols)", frame)
        out.append("| `%s` | %.1f%% |" % (frame.replace("|", "\\|")[:110], 100.0 * n / total))
    out += ["", "| upload path, inclusive, share of the samples outside JIT and GC (%d) | share |" % app_total,
            "| --- | ---: |"]
    for frame, n in inclusive.most_common(20):
        out.append("| `%s` | %.1f%% |" % (frame[:110], 100.0 * n / app_total))
    return "\n".join(out) + "\n"


SYSCALL = re.compile(r"^(?:__x64_sys_|__se_sys_|__do_sys_|ksys_)(\w+?)(?:_\[k\])?$")


def by_syscall(stacks):
    """Samples per system call the thread was in (its outermost sys_ frame), or where else it was."""
    calls = collections.Counter()
    for stack, n in stacks.items():
        frames = stack.split(";")
        cat = categorize(frames)
        if cat in ("JIT compiler", "GC"):
            calls["(" + cat + ")"] += n
            continue
        name = next((m.group(1) for m in map(SYSCALL.match, frames) if m), None)
        if name is None:
            name = "(kernel, outside a system call)" if frames[-1].endswith("_[k]") else "(user space)"
        calls[name] += n
    return calls


def compare(gib, a, b):
    (na, pa), (nb, pb) = (x.partition("=")[::2] for x in (a, b))
    ca, cb = collections.Counter(), collections.Counter()
    for stacks, cats in ((load(pa), ca), (load(pb), cb)):
        for stack, n in stacks.items():
            cats[categorize(stack.split(";"))] += n
    ta, tb = sum(ca.values()), sum(cb.values())
    out = ["### %s against %s: CPU ms per GiB by category (%.2f GiB profiled each)" % (na, nb, gib), "",
           "| category | %s | %s | difference | share of the difference |" % (na, nb),
           "| --- | ---: | ---: | ---: | ---: |"]
    diff = ta - tb
    for cat in sorted(set(ca) | set(cb), key=lambda c: -(ca[c] - cb[c])):
        d = ca[cat] - cb[cat]
        out.append("| %s | %.0f | %.0f | %+.0f | %s |" % (cat, ca[cat] / gib, cb[cat] / gib, d / gib,
                                                        "%.0f%%" % (100.0 * d / diff) if diff else "-"))
    out.append("| **total** | **%.0f** | **%.0f** | **%+.0f** | |" % (ta / gib, tb / gib, diff / gib))
    steady = lambda c: sum(v for k, v in c.items() if k not in ("JIT compiler", "GC"))
    xa, xb = steady(ca), steady(cb)
    out.append("| **outside JIT and GC** (ratio %.2f) | **%.0f** | **%.0f** | **%+.0f** | |" % (
        xa / max(1, xb), xa / gib, xb / gib, (xa - xb) / gib))
    kernel = lambda c: sum(v for k, v in c.items() if k.startswith("kernel"))
    out.append("| kernel, all categories (share of outside JIT and GC) | %.0f (%.0f%%) | %.0f (%.0f%%) | %+.0f | |" % (
        kernel(ca) / gib, 100.0 * kernel(ca) / max(1, xa), kernel(cb) / gib, 100.0 * kernel(cb) / max(1, xb),
        (kernel(ca) - kernel(cb)) / gib))
    sa, sb = by_syscall(load(pa)), by_syscall(load(pb))
    out += ["", "| by system call (inclusive; JIT and GC threads apart) | %s | %s | difference |" % (na, nb),
            "| --- | ---: | ---: | ---: |"]
    for call in sorted(set(sa) | set(sb), key=lambda c: -(sa[c] - sb[c])):
        if max(sa[call], sb[call]) < gib:
            continue  # under 1 ms per GiB on both sides
        out.append("| %s | %.0f | %.0f | %+.0f |" % (call, sa[call] / gib, sb[call] / gib, (sa[call] - sb[call]) / gib))
    return "\n".join(out) + "\n"


def main(args):
    if args and args[0] == "--compare":
        print(compare(float(args[1]), args[2], args[3]))
        return
    for arg in args:
        name, _, path = arg.partition("=")
        print(summary(name, load(path)))


if __name__ == "__main__":
    main(sys.argv[1:])
