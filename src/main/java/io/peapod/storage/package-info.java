/**
 * Storage: the layer store and image store on disk, the overlay and vfs drivers, applying and
 * re-creating layer tars (whiteouts, hardlinks, devices, xattrs, path-traversal checks), volumes'
 * directories, and the file locks that keep parallel invocations consistent.
 */
package io.peapod.storage;
