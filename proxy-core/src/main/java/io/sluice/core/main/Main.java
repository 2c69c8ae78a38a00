package io.sluice.core.main;

/** Placeholder entry point, replaced by the command line of issue 2. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("sluice");
    }
}
