/**
 * JSON parsing and writing into plain Java values (maps, lists, strings, numbers, booleans, null):
 * the one JSON implementation every layer uses. A leaf package: it depends on nothing of Peapod's.
 */
package io.peapod.json;
