/* Accuracy of one class on the test set: its name, the fraction correct, and its test count. */
package dev.hsiq.training.report;

public record ClassAccuracy(String name, double accuracy, int n) {
}
