/*
 * An in-memory TrainingCheckpoints for resume tests: every saved state goes through the
 * checkpoint file encoding (CheckpointFile.toBytes / fromBytes), so the tests cover the
 * format too, and stopRequested() turns true at its n-th call, which the trainer makes after
 * every batch but an epoch's last and after every epoch but the last: n picks the point
 * (mid-epoch or at an epoch boundary) where a simulated interrupt stops the run.
 */
package dev.hsiq.training.train;

import dev.hsiq.training.checkpoint.CheckpointData;
import dev.hsiq.training.checkpoint.CheckpointFile;

public final class MemoryCheckpoints implements TrainingCheckpoints {

    private final CheckpointData resume;
    private final int stopAtCall;
    private int calls;
    private int saves;
    private byte[] last;
    private boolean ended;

    /** Resumes from {@code resume} (null: fresh) and requests a stop at call {@code stopAtCall} (0: never). */
    public MemoryCheckpoints(CheckpointData resume, int stopAtCall) {
        this.resume = resume;
        this.stopAtCall = stopAtCall;
    }

    @Override
    public CheckpointData start() {
        return resume;
    }

    @Override
    public void save(CheckpointData state) {
        last = CheckpointFile.toBytes(state);
        saves++;
    }

    @Override
    public boolean stopRequested() {
        return stopAtCall > 0 && ++calls >= stopAtCall;
    }

    @Override
    public void end() {
        ended = true;
    }

    /** The last saved state, decoded from its bytes. */
    public CheckpointData last() {
        return last == null ? null : CheckpointFile.fromBytes(last, "memory");
    }

    public int saves() {
        return saves;
    }

    public boolean ended() {
        return ended;
    }
}
