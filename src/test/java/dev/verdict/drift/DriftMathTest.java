package dev.verdict.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Fixtures computed by hand (see the comments) from the textbook formulas. */
class DriftMathTest {

  @Test
  void psiMatchesTheFormula() {
    // Σ (a−e)·ln(a/e) = −0.15·ln 0.4 − 0.05·ln 0.8 + 0.05·ln 1.2 + 0.15·ln 1.6
    double psi = DriftMath.psi(new double[] {0.25, 0.25, 0.25, 0.25}, new double[] {0.1, 0.2, 0.3, 0.4});
    assertThat(psi).isCloseTo(0.22821740957339182, within(1e-9));
    assertThat(DriftMath.psi(new double[] {0.3, 0.7}, new double[] {0.3, 0.7})).isZero();
  }

  @Test
  void psiSmoothsEmptyBins() {
    // the empty expected bin counts as 1e-4: 0.2499·ln(2500) + 0.25·ln 2
    double psi = DriftMath.psi(new double[] {0.5, 0.5, 0.0}, new double[] {0.5, 0.25, 0.25});
    assertThat(psi).isCloseTo(2.1285158932529735, within(1e-9));
  }

  @Test
  void ksStatisticIsTheLargestGapBetweenTheEmpiricalCdfs() {
    // x = 1..5, y = 3..8: at t = 5, F_x = 1 and F_y = 3/6, so D = 0.5
    var ks = DriftMath.ks(new double[] {5, 3, 1, 4, 2}, new double[] {8, 3, 4, 5, 6, 7});
    assertThat(ks.d).isCloseTo(0.5, within(1e-9));
    assertThat(ks.pvalue).isBetween(0.0, 1.0);
    double[] same = {0.1, 0.5, 0.9, 0.3};
    assertThat(DriftMath.ks(same, same.clone()).d).isCloseTo(0.0, within(1e-12));
    assertThat(same).containsExactly(0.1, 0.5, 0.9, 0.3); // inputs untouched
  }

  @Test
  void jensenShannonInBits() {
    // p = (½, ½), q = (1, 0), m = (¾, ¼): ½[½ln(⅔) + ½ln 2] + ½ln(4/3), over ln 2
    assertThat(DriftMath.jensenShannon(new double[] {0.5, 0.5}, new double[] {1.0, 0.0}))
        .isCloseTo(0.31127812445913283, within(1e-9));
    // weights are normalised first: (2, 6, 0) is (¼, ¾, 0), (1, 0, 1) is (½, 0, ½)
    assertThat(DriftMath.jensenShannon(new double[] {2, 6, 0}, new double[] {1, 0, 1}))
        .isCloseTo(0.6556390622295664, within(1e-9));
    assertThat(DriftMath.jensenShannon(new double[] {1, 0}, new double[] {0, 5})).isCloseTo(1.0, within(1e-12));
    assertThat(DriftMath.jensenShannon(new double[] {1, 3}, new double[] {2, 6})).isCloseTo(0.0, within(1e-12));
  }
}
