package io.peapod.engine;

import java.util.List;

/**
 * The global options every command shares ({@code --root}, {@code --runroot}, {@code --storage-driver},
 * {@code --storage-opt}, {@code --log-level}, {@code --runtime}); empty strings mean "not given".
 */
public record EngineOptions(String root, String runRoot, String storageDriver, List<String> storageOpts,
                            String logLevel, String runtime, String tmpDir, String networkConfigDir) {}
