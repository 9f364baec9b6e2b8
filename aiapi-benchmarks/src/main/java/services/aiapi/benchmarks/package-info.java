/**
 * JMH benchmarks of the starter against raw Reactor Netty, a hand-written WebClient and peer clients.
 */
package services.aiapi.benchmarks;
