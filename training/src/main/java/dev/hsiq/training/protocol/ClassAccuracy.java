/*
 * Accuracy (recall) of one class over its n test samples; NaN when n = 0.
 */
package dev.hsiq.training.protocol;

public record ClassAccuracy(String name, double accuracy, long n) {
}
