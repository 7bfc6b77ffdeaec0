/*
 * Test fixtures for MAT files, written by the tests themselves: a hand-made MAT level-5
 * writer (any byte order, compressed or not, any storage type for any class - which
 * mfl-core's writer cannot produce, e.g. class double stored as uint8) and a MAT 7.3
 * writer (HDF5 written by jhdf behind a 512-byte MATLAB user block).
 */
package dev.hsiq.training.data;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableDataset;
import io.jhdf.checksum.JenkinsLookup3HashLittle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.Deflater;

final class MatFixtures {

    // MATLAB array classes
    static final int MX_DOUBLE = 6;
    static final int MX_SINGLE = 7;
    static final int MX_UINT8 = 9;
    static final int MX_UINT16 = 11;
    static final int MX_CELL = 1;
    // MAT data types
    static final int MI_INT8 = 1;
    static final int MI_UINT8 = 2;
    static final int MI_INT16 = 3;
    static final int MI_UINT16 = 4;
    static final int MI_INT32 = 5;
    static final int MI_UINT32 = 6;
    static final int MI_SINGLE = 7;
    static final int MI_DOUBLE = 9;

    private MatFixtures() {
    }

    /** One variable: class, dims, storage type and values (column-major). */
    record Var(String name, int matlabClass, int[] dims, int storageType, double[] values, boolean complex) {
        Var(String name, int matlabClass, int[] dims, int storageType, double[] values) {
            this(name, matlabClass, dims, storageType, values, false);
        }
    }

    /** A complete level-5 file. */
    static byte[] level5(ByteOrder order, boolean compressed, Var... vars) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header(order, "MATLAB 5.0 MAT-file, written by hsiq tests"));
        for (Var v : vars) {
            byte[] element = matrixElement(order, v);
            if (compressed) {
                byte[] z = deflate(element);
                out.writeBytes(tag(order, 15, z.length));
                out.writeBytes(z);
            } else {
                out.writeBytes(element);
            }
        }
        return out.toByteArray();
    }

    static byte[] header(ByteOrder order, String text) {
        byte[] h = new byte[128];
        Arrays.fill(h, 0, 116, (byte) ' ');
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, h, 0, Math.min(116, t.length));
        ByteBuffer bb = ByteBuffer.wrap(h).order(order);
        bb.putShort(124, (short) 0x0100);
        bb.putShort(126, (short) (('M' << 8) | 'I'));
        return h;
    }

    static byte[] matrixElement(ByteOrder order, Var v) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ByteBuffer flags = ByteBuffer.allocate(16).order(order);
        flags.putInt(6).putInt(8).putInt(v.matlabClass() | (v.complex() ? 0x800 : 0)).putInt(0);
        body.writeBytes(flags.array());
        ByteBuffer dims = ByteBuffer.allocate(v.dims().length * 4).order(order);
        for (int d : v.dims()) {
            dims.putInt(d);
        }
        body.writeBytes(element(order, MI_INT32, dims.array()));
        body.writeBytes(element(order, MI_INT8, v.name().getBytes(StandardCharsets.US_ASCII)));
        if (v.values() != null) {
            byte[] raw = encode(order, v.storageType(), v.values());
            body.writeBytes(element(order, v.storageType(), raw));
            if (v.complex()) {
                body.writeBytes(element(order, v.storageType(), raw));
            }
        }
        byte[] b = body.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(tag(order, 14, b.length));
        out.writeBytes(b);
        return out.toByteArray();
    }

    /** A data element, in small format when it holds 1..4 bytes, else padded to 8. */
    static byte[] element(ByteOrder order, int type, byte[] data) {
        if (data.length > 0 && data.length <= 4) {
            ByteBuffer bb = ByteBuffer.allocate(8).order(order);
            bb.putInt((data.length << 16) | type);
            bb.put(data);
            return bb.array();
        }
        int padded = (data.length + 7) & ~7;
        ByteBuffer bb = ByteBuffer.allocate(8 + padded).order(order);
        bb.putInt(type).putInt(data.length).put(data);
        return bb.array();
    }

    static byte[] tag(ByteOrder order, int type, int length) {
        return ByteBuffer.allocate(8).order(order).putInt(type).putInt(length).array();
    }

    static byte[] encode(ByteOrder order, int miType, double[] values) {
        int size = switch (miType) {
            case MI_INT8, MI_UINT8 -> 1;
            case MI_INT16, MI_UINT16 -> 2;
            case MI_INT32, MI_UINT32, MI_SINGLE -> 4;
            case MI_DOUBLE -> 8;
            default -> throw new IllegalArgumentException("type " + miType);
        };
        ByteBuffer bb = ByteBuffer.allocate(values.length * size).order(order);
        for (double v : values) {
            switch (miType) {
                case MI_INT8, MI_UINT8 -> bb.put((byte) (long) v);
                case MI_INT16, MI_UINT16 -> bb.putShort((short) (long) v);
                case MI_INT32, MI_UINT32 -> bb.putInt((int) (long) v);
                case MI_SINGLE -> bb.putFloat((float) v);
                default -> bb.putDouble(v);
            }
        }
        return bb.array();
    }

    static byte[] deflate(byte[] data) {
        Deflater d = new Deflater();
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!d.finished()) {
            int n = d.deflate(buf);
            out.write(buf, 0, n);
        }
        d.end();
        return out.toByteArray();
    }

    /** Column-major values of a rows x cols matrix with element (r, c) = f(r, c). */
    static double[] columnMajor(int rows, int cols, java.util.function.IntBinaryOperator f) {
        double[] v = new double[rows * cols];
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < rows; r++) {
                v[r + c * rows] = f.applyAsInt(r, c);
            }
        }
        return v;
    }

    /**
     * A MAT 7.3 file: each entry is a dataset (a Java array in HDF5 C order, i.e. MATLAB's
     * dimensions reversed) with its MATLAB_class. jhdf writes plain HDF5; the 512-byte
     * MATLAB header is prepended and the superblock's base address moved to 512 (with its
     * checksum recomputed), as MATLAB's own files have it.
     */
    static void mat73(Path target, Map<String, Object> datasets, Map<String, String> classes) throws IOException {
        Path h5 = target.resolveSibling(target.getFileName() + ".h5.tmp");
        try (WritableHdfFile w = HdfFile.write(h5)) {
            for (Map.Entry<String, Object> e : datasets.entrySet()) {
                WritableDataset ds = w.putDataset(e.getKey(), e.getValue());
                ds.putAttribute("MATLAB_class", classes.get(e.getKey()));
            }
        }
        byte[] hdf = Files.readAllBytes(h5);
        Files.delete(h5);
        int version = hdf[8];
        if (version != 2 && version != 3) {
            throw new IllegalStateException("jhdf wrote superblock version " + version + "; fixture expects 2 or 3");
        }
        ByteBuffer sb = ByteBuffer.wrap(hdf).order(ByteOrder.LITTLE_ENDIAN);
        sb.putLong(12, 512L); // base address: the superblock's own position after the user block
        sb.putInt(44, JenkinsLookup3HashLittle.hash(Arrays.copyOfRange(hdf, 0, 44)));
        byte[] head = new byte[512];
        Arrays.fill(head, 0, 116, (byte) ' ');
        byte[] text = "MATLAB 7.3 MAT-file, Platform: GLNXA64, Created by hsiq tests HDF5 schema 1.00 ."
                .getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, head, 0, text.length);
        head[124] = 0;
        head[125] = 2;
        head[126] = 'I';
        head[127] = 'M';
        byte[] all = new byte[512 + hdf.length];
        System.arraycopy(head, 0, all, 0, 512);
        System.arraycopy(hdf, 0, all, 512, hdf.length);
        Files.write(target, all);
    }
}
