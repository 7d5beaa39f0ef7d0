/**
 * The tar format as layers use it: a streaming reader that exposes every byte it consumes (so a
 * layer's tar can later be re-created bit for bit from a "skeleton" plus the unpacked files), and
 * the skeleton itself.
 *
 * <p>Written here rather than taken from commons-compress because that library decodes PAX values
 * as UTF-8, which corrupts binary extended attributes such as {@code security.capability}, and
 * because re-creating a layer byte for byte needs to know exactly which input bytes were headers.
 */
package io.peapod.storage.tar;
