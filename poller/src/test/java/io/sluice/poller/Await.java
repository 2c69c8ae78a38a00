package io.sluice.poller;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Test helpers: polling with a deadline (never a sleep as synchronisation), running on a loop. */
final class Await {

    private Await() {
    }

    /** Polls {@code cond} until true or {@code timeoutMs} passed; fails with {@code message}. */
    static void until(BooleanSupplier cond, long timeoutMs, Supplier<String> message) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!cond.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeoutMs + " ms: " + message.get());
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** Runs {@code body} on {@code loop}'s thread and returns its result (5 s at most). */
    static <T> T onLoop(PollLoop loop, Supplier<T> body) {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                f.complete(body.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("loop " + loop.tid() + " did not run the body within 5 s: " + loop, e);
        }
    }

    /** Runs {@code body} on {@code loop}'s thread and waits for it. */
    static void onLoop(PollLoop loop, Runnable body) {
        onLoop(loop, () -> {
            body.run();
            return Boolean.TRUE;
        });
    }
}
