/**
 * Engine API: the interfaces the CLI (and later the REST server) call, and the plain records they exchange.
 * <p>{@code ImageEngine}, {@code SystemEngine} and, in later issues, containers, pods, networks and volumes.
 * A local implementation lives in {@code io.peapod.core}; a remote one will speak REST.
 */
package io.peapod.engine;
