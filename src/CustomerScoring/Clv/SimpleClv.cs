namespace CustomerScoring.Clv;

/// <summary>
/// Simple CLV formulas for customers without enough history for a model. Each is a one-line formula; the inputs'
/// units must agree (e.g. purchases per month with a lifetime in months).
/// </summary>
public static class SimpleClv
{
    /// <summary>Historic value: the margin earned to date, total spend × margin rate.</summary>
    /// <param name="totalSpend">Total spend of the customer so far.</param>
    /// <param name="marginRate">Profit margin as a fraction of spend.</param>
    /// <returns>The margin to date.</returns>
    public static double HistoricValue(double totalSpend, double marginRate)
    {
        CheckFinite(totalSpend, nameof(totalSpend));
        CheckFinite(marginRate, nameof(marginRate));
        return totalSpend * marginRate;
    }

    /// <summary>Formula value: average order value × purchases per period × margin rate × expected lifetime in periods.</summary>
    /// <param name="averageOrderValue">Average spend per order.</param>
    /// <param name="purchasesPerPeriod">Purchase rate per period (≥ 0).</param>
    /// <param name="marginRate">Profit margin as a fraction of spend.</param>
    /// <param name="expectedLifetimePeriods">Expected remaining lifetime in the same periods (≥ 0).</param>
    /// <returns>The undiscounted expected margin.</returns>
    public static double FormulaValue(double averageOrderValue, double purchasesPerPeriod, double marginRate, double expectedLifetimePeriods)
    {
        CheckFinite(averageOrderValue, nameof(averageOrderValue));
        CheckNonNegative(purchasesPerPeriod, nameof(purchasesPerPeriod));
        CheckFinite(marginRate, nameof(marginRate));
        CheckNonNegative(expectedLifetimePeriods, nameof(expectedLifetimePeriods));
        return averageOrderValue * purchasesPerPeriod * marginRate * expectedLifetimePeriods;
    }

    /// <summary>
    /// Retention value: margin per period × retention / (1 + discount − retention), the discounted value of the margins
    /// of periods 1, 2, ... when the customer survives each period with probability <paramref name="retentionRate"/>
    /// and a margin of period k is discounted by (1 + d)ᵏ: Σₖ m·rᵏ/(1+d)ᵏ.
    /// </summary>
    /// <param name="marginPerPeriod">Margin per period while retained.</param>
    /// <param name="retentionRate">Probability r in [0, 1] of surviving a period.</param>
    /// <param name="discountRate">Discount rate d ≥ 0 per period.</param>
    /// <returns>The expected discounted margin.</returns>
    public static double RetentionValue(double marginPerPeriod, double retentionRate, double discountRate)
    {
        CheckFinite(marginPerPeriod, nameof(marginPerPeriod));
        if (!(retentionRate >= 0.0 && retentionRate <= 1.0))
        {
            throw new ArgumentOutOfRangeException(nameof(retentionRate), retentionRate, "The retention rate must lie in [0, 1].");
        }

        CheckNonNegative(discountRate, nameof(discountRate));
        if (retentionRate == 1.0 && discountRate == 0.0)
        {
            throw new ArgumentOutOfRangeException(nameof(discountRate), discountRate, "With retention 1 and no discounting the value is infinite; use a positive discount rate.");
        }

        return marginPerPeriod * retentionRate / (1.0 + discountRate - retentionRate);
    }

    private static void CheckFinite(double value, string name)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "The value must be a finite number.");
        }
    }

    private static void CheckNonNegative(double value, string name)
    {
        if (!(value >= 0.0) || !double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "The value must be a finite number >= 0.");
        }
    }
}
