/*
 * libpeapod's SQLite part: a thin JNI binding of Debian's libsqlite3 for io.peapod.state.sql.Sqlite.
 *
 * Why not sqlite-jdbc: its set-up is mostly Java, not SQLite, and every peapod command is a fresh JVM.
 * Its logger probes the class path for SLF4J and starts java.util.logging, its loader reads its version
 * from its jar and lists the temporary directory, and each connection's configuration builds date
 * formats: ~30 ms of wall time and ~45 ms of CPU a command here, for an SQLite call of ~1 ms.
 * This file is only what the state layer uses: open, exec, prepare, bind, step, column, finalize.
 *
 * Text crosses as UTF-8 byte arrays (Java encodes and decodes), never as JNI's modified UTF-8.
 * Handles are the C pointers as jlong; errors are SQLite result codes, worded by errmsg0.
 */
#include <jni.h>

#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define DB(h) ((sqlite3 *) (intptr_t) (h))
#define STMT(h) ((sqlite3_stmt *) (intptr_t) (h))

/* Opens (creating) the file named by the NUL-terminated path; rc[0] gets the result code. The handle comes
 * back even on failure (unless memory ran out), so that errmsg0 can word it before close0. */
JNIEXPORT jlong JNICALL Java_io_peapod_state_sql_Sqlite_open0(JNIEnv *env, jclass cls, jbyteArray path,
                                                             jintArray rc) {
    jbyte *p = (*env)->GetByteArrayElements(env, path, NULL);
    sqlite3 *db = NULL;
    jint result = sqlite3_open_v2((const char *) p, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    (*env)->ReleaseByteArrayElements(env, path, p, JNI_ABORT);
    if (db != NULL) {
        sqlite3_extended_result_codes(db, 1);
        /* Keep the -wal and -shm files when the last connection closes (it still checkpoints): every command
         * closes it, and deleting them then making them again for the next write cost an unlink of ~3 ms and a
         * sync of the directory here, per command. */
        int persist = 1;
        sqlite3_file_control(db, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
    }
    (*env)->SetIntArrayRegion(env, rc, 0, 1, &result);
    return (jlong) (intptr_t) db;
}

JNIEXPORT jint JNICALL Java_io_peapod_state_sql_Sqlite_close0(JNIEnv *env, jclass cls, jlong db) {
    return sqlite3_close_v2(DB(db));
}

JNIEXPORT jint JNICALL Java_io_peapod_state_sql_Sqlite_busyTimeout0(JNIEnv *env, jclass cls, jlong db, jint millis) {
    return sqlite3_busy_timeout(DB(db), millis);
}

JNIEXPORT jbyteArray JNICALL Java_io_peapod_state_sql_Sqlite_errmsg0(JNIEnv *env, jclass cls, jlong db) {
    const char *m = db == 0 ? "out of memory" : sqlite3_errmsg(DB(db));
    jsize n = (jsize) strlen(m);
    jbyteArray out = (*env)->NewByteArray(env, n);
    if (out != NULL) {
        (*env)->SetByteArrayRegion(env, out, 0, n, (const jbyte *) m);
    }
    return out;
}

/* Prepares the first statement of sql (UTF-8, without NUL); 0 on failure, rc[0] gets the result code.
 * rest[0] gets the offset of the text after it, so the caller can run a script statement by statement. */
JNIEXPORT jlong JNICALL Java_io_peapod_state_sql_Sqlite_prepare0(JNIEnv *env, jclass cls, jlong db, jbyteArray sql,
                                                                jint offset, jintArray rc, jintArray rest) {
    jsize n = (*env)->GetArrayLength(env, sql);
    jbyte *text = (*env)->GetByteArrayElements(env, sql, NULL);
    sqlite3_stmt *stmt = NULL;
    const char *tail = NULL;
    jint result = sqlite3_prepare_v2(DB(db), (const char *) text + offset, n - offset, &stmt, &tail);
    jint consumed = tail == NULL ? n : (jint) (tail - (const char *) text);
    (*env)->ReleaseByteArrayElements(env, sql, text, JNI_ABORT);
    (*env)->SetIntArrayRegion(env, rc, 0, 1, &result);
    (*env)->SetIntArrayRegion(env, rest, 0, 1, &consumed);
    return (jlong) (intptr_t) stmt;
}

JNIEXPORT jint JNICALL Java_io_peapod_state_sql_Sqlite_finalize0(JNIEnv *env, jclass cls, jlong stmt) {
    return sqlite3_finalize(STMT(stmt));
}

JNIEXPORT jint JNICALL Java_io_peapod_state_sql_Sqlite_reset0(JNIEnv *env, jclass cls, jlong stmt) {
    return sqlite3_reset(STMT(stmt));
}

/* Binds bytes as text (asText) or as a blob; a null array binds NULL. SQLite copies them. */
JNIEXPORT jint JNICALL Java_io_peapod_state_sql_Sqlite_bindBytes0(JNIEnv *env, jclass cls, jlong stmt, jint index,
                                                                 jbyteArray bytes, jboolean asText) {
    if (bytes == NULL) {
        return sqlite3_bind_null(STMT(stmt), index);
    }
    jsize n = (*env)->GetArrayLength(env, bytes);
    jbyte *b = (*env)->GetByteArrayElements(env, bytes, NULL);
    /* A zero-length blob must not be bound as NULL: SQLite reads a NULL pointer as SQL NULL. */
    static const char empty = 0;
    const void *data = n == 0 ? (const void *) &empty : (const void *) b;
    int rc = asText ? sqlite3_bind_text(STMT(stmt), index, data, n, SQLITE_TRANSIENT)
                    : sqlite3_bind_blob(STMT(stmt), index, data, n, SQLITE_TRANSIENT);
    (*env)->ReleaseByteArrayElements(env, bytes, b, JNI_ABORT);
    return rc;
}

JNIEXPORT jint JNICALL Java_io_peapod_state_sql_Sqlite_bindLong0(JNIEnv *env, jclass cls, jlong stmt, jint index,
                                                                jlong value) {
    return sqlite3_bind_int64(STMT(stmt), index, value);
}

/* SQLITE_ROW, SQLITE_DONE or an error code. */
JNIEXPORT jint JNICALL Java_io_peapod_state_sql_Sqlite_step0(JNIEnv *env, jclass cls, jlong stmt) {
    return sqlite3_step(STMT(stmt));
}

JNIEXPORT jint JNICALL Java_io_peapod_state_sql_Sqlite_changes0(JNIEnv *env, jclass cls, jlong db) {
    return sqlite3_changes(DB(db));
}

JNIEXPORT jlong JNICALL Java_io_peapod_state_sql_Sqlite_columnLong0(JNIEnv *env, jclass cls, jlong stmt,
                                                                   jint column) {
    return sqlite3_column_int64(STMT(stmt), column);
}

/* The column's bytes (a text's UTF-8), or null for SQL NULL. */
JNIEXPORT jbyteArray JNICALL Java_io_peapod_state_sql_Sqlite_columnBytes0(JNIEnv *env, jclass cls, jlong stmt,
                                                                         jint column) {
    if (sqlite3_column_type(STMT(stmt), column) == SQLITE_NULL) {
        return NULL;
    }
    const void *b = sqlite3_column_blob(STMT(stmt), column);
    jsize n = sqlite3_column_bytes(STMT(stmt), column);
    jbyteArray out = (*env)->NewByteArray(env, n);
    if (out != NULL && n > 0) {
        (*env)->SetByteArrayRegion(env, out, 0, n, (const jbyte *) b);
    }
    return out;
}
