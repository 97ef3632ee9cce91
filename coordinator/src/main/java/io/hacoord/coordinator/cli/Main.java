package io.hacoord.coordinator.cli;

/** Entry point of {@code ha-coordinator.jar}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.out.println("ha-coordinator");
    }
}
