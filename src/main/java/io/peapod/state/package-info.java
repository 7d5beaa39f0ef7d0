/**
 * State: Peapod's metadata in SQLite (WAL mode, versioned schema): images, names, layers, volumes and
 * containers. Only this package speaks SQL.
 */
package io.peapod.state;
