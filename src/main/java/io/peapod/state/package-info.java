/**
 * State: Peapod's metadata in SQLite (WAL mode, versioned schema): images, names, layers and later
 * containers. Only this package speaks SQL.
 */
package io.peapod.state;
