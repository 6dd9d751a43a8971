package dev.adjoint.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The table of contents of a CUDA fatbin, as nvcc {@code --fatbin} writes it: a 16-byte header
 * (magic {@code 0xBA55ED50}, version, header size, payload size) and then entries, each a header
 * (kind, header size, payload size, target architecture, flags) followed by its payload: PTX text
 * or an ELF cubin. The layout is NVIDIA's, undocumented but stable; we read only the fields named
 * here, to check without a GPU or cuobjdump what a committed fatbin holds.
 */
public final class Fatbin {
    private static final int MAGIC = 0xBA55ED50;
    private static final Pattern PTX_ENTRY = Pattern.compile("\\.entry\\s+([A-Za-z_$][\\w$]*)");

    /** What an entry's payload is. */
    public enum Kind { PTX, ELF, OTHER }

    /**
     * One entry.
     *
     * @param arch       the target as a number: 90 for sm_90 machine code, 75 for compute_75 PTX
     * @param compressed whether the payload is compressed (our flags ask nvcc not to)
     */
    public record Entry(Kind kind, int arch, boolean compressed, byte[] payload) {
        /** The PTX text (up to its terminating NUL), for an uncompressed PTX entry. */
        public String ptxText() {
            if (kind != Kind.PTX || compressed) {
                throw new IllegalStateException("not an uncompressed PTX entry: " + kind + " sm_" + arch);
            }
            int end = 0;
            while (end < payload.length && payload[end] != 0) end++;
            return new String(payload, 0, end, StandardCharsets.US_ASCII);
        }
    }

    private final List<Entry> entries;

    private Fatbin(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Reads the entries of {@code bytes}; throws {@link IllegalArgumentException} if it is no fatbin. */
    public static Fatbin parse(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 16 || b.getInt(0) != MAGIC) {
            throw new IllegalArgumentException("not a fatbin: bad magic or too short (" + bytes.length + " bytes)");
        }
        int headerSize = Short.toUnsignedInt(b.getShort(6));
        long fatSize = b.getLong(8);
        long end = headerSize + fatSize;
        if (end > bytes.length) {
            throw new IllegalArgumentException("fatbin truncated: header says " + end + " bytes, have " + bytes.length);
        }
        List<Entry> entries = new ArrayList<>();
        long at = headerSize;
        while (at + 0x30 <= end) {
            int p = Math.toIntExact(at);
            int kindCode = Short.toUnsignedInt(b.getShort(p));
            long entryHeader = Integer.toUnsignedLong(b.getInt(p + 4));
            long payloadSize = b.getLong(p + 8);
            int arch = b.getInt(p + 0x1c);
            long flags = b.getLong(p + 0x28);
            long payloadStart = at + entryHeader;
            if (entryHeader < 0x30 || payloadStart + payloadSize > end) {
                throw new IllegalArgumentException("fatbin entry at " + at + " runs past the end");
            }
            byte[] payload = new byte[Math.toIntExact(payloadSize)];
            b.get(Math.toIntExact(payloadStart), payload);
            Kind kind = kindCode == 1 ? Kind.PTX : kindCode == 2 ? Kind.ELF : Kind.OTHER;
            // 0x2000 marks LZ4 and 0x8000 zstd compression in the entries nvcc writes
            boolean compressed = (flags & 0xA000L) != 0;
            entries.add(new Entry(kind, arch, compressed, payload));
            at = payloadStart + payloadSize;
        }
        return new Fatbin(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Whether it holds machine code (an ELF cubin) for {@code sm_<arch>}. */
    public boolean hasMachineCode(int arch) {
        return entries.stream().anyMatch(e -> e.kind() == Kind.ELF && e.arch() == arch);
    }

    /** Whether it holds PTX for {@code compute_<arch>}. */
    public boolean hasPtx(int arch) {
        return entries.stream().anyMatch(e -> e.kind() == Kind.PTX && e.arch() == arch);
    }

    /** The kernel names ({@code .entry} directives) of the first uncompressed PTX entry. */
    public Set<String> ptxKernelNames() {
        Entry ptx = entries.stream().filter(e -> e.kind() == Kind.PTX && !e.compressed()).findFirst()
                .orElseThrow(() -> new IllegalStateException("fatbin has no uncompressed PTX entry"));
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PTX_ENTRY.matcher(ptx.ptxText());
        while (m.find()) names.add(m.group(1));
        return names;
    }
}
