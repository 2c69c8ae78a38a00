package io.sluice.poller;

/**
 * The function a task or tasklet runs (HAProxy's {@code ->process}); called on the owner loop
 * thread by the scheduler, never concurrently with itself.
 */
@FunctionalInterface
public interface TaskHandler {

    /**
     * Runs on the owner loop thread. {@code state} holds the bits the task had when it was picked
     * (WOKEN_* reasons, F_USR1…). Return {@code self} to keep the task (a task is then re-queued
     * on its timer at {@link Task#expire}), or null once it must be forgotten (killed or done).
     */
    Tasklet process(Tasklet self, Object context, int state);
}
