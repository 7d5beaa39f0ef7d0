package io.peapod.cli;

/** Entry point of the peapod command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("peapod");
    }
}
