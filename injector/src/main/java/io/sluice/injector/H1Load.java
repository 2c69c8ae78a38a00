package io.sluice.injector;

/** Placeholder entry point of sluice-h1load. */
public final class H1Load {
    private H1Load() {
    }

    public static void main(String[] args) {
        System.out.println("sluice-h1load");
    }
}
