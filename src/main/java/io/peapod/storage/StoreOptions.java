package io.peapod.storage;

import java.nio.file.Path;

/**
 * Where the store lives and which driver it uses.
 *
 * @param graphRoot  persistent data: layers, the database ({@code --root})
 * @param runRoot    volatile state: locks and mounts ({@code --runroot})
 * @param driver     "overlay", "vfs", or "" to use what the store already has, else detect
 */
public record StoreOptions(Path graphRoot, Path runRoot, String driver) {}
