namespace CustomerScoring.Charts;

/// <summary>
/// Mean P(alive) of the customers in each (frequency, recency) cell. Rows are repeat-purchase counts x = 0, 1, ...; when the
/// largest x exceeds the row cap the last row collects every x at or above it. Columns are equal-width recency (t_x) bins from 0
/// to the largest t_x; a t_x equal to the upper edge of a bin goes to the next bin, the largest t_x to the last bin. Empty cells
/// hold NaN.
/// </summary>
internal sealed class ProbabilityAliveGrid
{
    private ProbabilityAliveGrid(double[,] mean, int[,] count, double binWidth, bool lastRowOpen)
    {
        Mean = mean;
        Count = count;
        RecencyBinWidth = binWidth;
        LastRowOpen = lastRowOpen;
    }

    /// <summary>Mean P(alive) indexed [frequency row, recency bin]; NaN where no customer falls.</summary>
    public double[,] Mean { get; }

    /// <summary>Customers indexed [frequency row, recency bin].</summary>
    public int[,] Count { get; }

    /// <summary>Width of each recency bin (the largest t_x / bins; 1 when every t_x is 0).</summary>
    public double RecencyBinWidth { get; }

    /// <summary>Whether the last frequency row is "x or more".</summary>
    public bool LastRowOpen { get; }

    /// <summary>Number of frequency rows.</summary>
    public int FrequencyRows => Mean.GetLength(0);

    /// <summary>Number of recency bins.</summary>
    public int RecencyBins => Mean.GetLength(1);

    public static ProbabilityAliveGrid From(ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> probabilityAlive, int recencyBins, int maxFrequencyRow)
    {
        ChartInput.CheckNotEmpty(frequency.Length, nameof(frequency));
        ChartInput.CheckSameLength(frequency.Length, nameof(frequency), recency.Length, nameof(recency));
        ChartInput.CheckSameLength(frequency.Length, nameof(frequency), probabilityAlive.Length, nameof(probabilityAlive));
        ChartInput.CheckCounts(frequency, nameof(frequency));
        ChartInput.CheckRange(recency, 0, double.MaxValue, nameof(recency));
        ChartInput.CheckRange(probabilityAlive, 0, 1, nameof(probabilityAlive));
        ArgumentOutOfRangeException.ThrowIfLessThan(recencyBins, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrequencyRow, 1);

        double maxX = 0;
        double maxTx = 0;
        for (int i = 0; i < frequency.Length; i++)
        {
            maxX = Math.Max(maxX, frequency[i]);
            maxTx = Math.Max(maxTx, recency[i]);
        }

        bool open = maxX > maxFrequencyRow;
        int rows = (int)Math.Min(maxX, maxFrequencyRow) + 1;
        double width = maxTx > 0 ? maxTx / recencyBins : 1;
        var sum = new double[rows, recencyBins];
        var count = new int[rows, recencyBins];
        for (int i = 0; i < frequency.Length; i++)
        {
            int row = (int)Math.Min(frequency[i], rows - 1);
            int bin = Math.Min((int)(recency[i] / width), recencyBins - 1);
            sum[row, bin] += probabilityAlive[i];
            count[row, bin]++;
        }

        var mean = new double[rows, recencyBins];
        for (int row = 0; row < rows; row++)
        {
            for (int bin = 0; bin < recencyBins; bin++)
            {
                mean[row, bin] = count[row, bin] > 0 ? sum[row, bin] / count[row, bin] : double.NaN;
            }
        }

        return new ProbabilityAliveGrid(mean, count, width, open);
    }
}
