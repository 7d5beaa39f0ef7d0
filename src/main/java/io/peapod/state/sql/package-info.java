/**
 * SQLite for the state layer, through libpeapod's JNI binding of Debian's libsqlite3: the part of JDBC's
 * shape the state layer uses, without sqlite-jdbc's per-command set-up (docs/design-notes.md, "SQLite
 * without sqlite-jdbc").
 */
package io.peapod.state.sql;
