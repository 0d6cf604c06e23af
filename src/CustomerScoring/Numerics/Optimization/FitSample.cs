namespace CustomerScoring.Numerics.Optimization;

/// <summary>
/// The sample of weighted distinct rows that a large fit starts from (see <see cref="MaximumLikelihood"/>): systematic by
/// weight over the rows in their sorted order, so that it depends only on the rows (not on the customers' order), and
/// its weights add up to about the whole weight. A row of weight w keeps about w (a multiple of the step); of the rows of
/// smaller weight one in every step is kept, with the step as weight.
/// </summary>
internal static class FitSample
{
    /// <summary>About the rows a sample has: enough for an estimate within a few percent of the whole data's.</summary>
    public const int TargetRows = 8192;

    /// <summary>The smallest step worth a sample: below it the sample's fit costs about what it saves.</summary>
    public const int MinimumStep = 4;

    /// <summary>The step for <paramref name="rows"/> distinct rows, or 0 when they are too few for a sample to pay.</summary>
    public static int Step(int rows) => rows / TargetRows >= MinimumStep ? rows / TargetRows : 0;

    /// <summary>The positions of the rows kept and their weights.</summary>
    /// <param name="weight">The rows' weights (whole numbers of customers), in the rows' order.</param>
    /// <param name="step">The step (at least 1).</param>
    /// <param name="sampled">The kept rows' weights: the step times the multiples of the step that the row's share of the
    /// running total of the weights reaches.</param>
    public static int[] Select(ReadOnlySpan<double> weight, int step, out double[] sampled)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        var kept = new List<int>(weight.Length / step + 1);
        var weights = new List<double>(weight.Length / step + 1);
        double total = 0.0, reached = 0.0;
        for (int i = 0; i < weight.Length; i++)
        {
            total += weight[i];
            double multiples = Math.Floor(total / step);
            if (multiples > reached)
            {
                kept.Add(i);
                weights.Add((multiples - reached) * step);
                reached = multiples;
            }
        }

        sampled = [.. weights];
        return [.. kept];
    }
}
