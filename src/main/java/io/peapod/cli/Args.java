package io.peapod.cli;

import java.util.List;

/** cobra's positional-argument validators, with its exact messages. */
final class Args {
    private Args() {}

    static void exactly(List<String> args, int n) {
        if (args.size() != n) {
            throw new UsageException("accepts " + n + " arg(s), received " + args.size());
        }
    }

    static void atLeast(List<String> args, int n) {
        if (args.size() < n) {
            throw new UsageException("requires at least " + n + " arg(s), only received " + args.size());
        }
    }

    static void atMost(List<String> args, int n) {
        if (args.size() > n) {
            throw new UsageException("accepts at most " + n + " arg(s), received " + args.size());
        }
    }

    static void none(List<String> args, String commandPath) {
        if (!args.isEmpty()) {
            throw new UsageException("`" + commandPath + "` takes no arguments");
        }
    }
}
