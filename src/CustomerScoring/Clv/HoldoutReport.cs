using System.Collections.ObjectModel;
using System.Globalization;
using System.Text;

namespace CustomerScoring.Clv;

/// <summary>
/// Calibration/holdout validation of predicted against actual holdout purchases. Build with <see cref="Evaluate"/>.
/// Immutable.
/// </summary>
public sealed class HoldoutReport
{
    private HoldoutReport(double[] errors, FrequencyGroup[] groups, double mae, double rmse, double totalPredicted, double totalActual)
    {
        Errors = Array.AsReadOnly(errors);
        Groups = Array.AsReadOnly(groups);
        MeanAbsoluteError = mae;
        RootMeanSquaredError = rmse;
        TotalPredicted = totalPredicted;
        TotalActual = totalActual;
    }

    /// <summary>Per-customer error, predicted − actual.</summary>
    public ReadOnlyCollection<double> Errors { get; }

    /// <summary>Mean predicted and actual per calibration frequency 0, 1, ..., with an open last group.</summary>
    public ReadOnlyCollection<FrequencyGroup> Groups { get; }

    /// <summary>Mean absolute per-customer error.</summary>
    public double MeanAbsoluteError { get; }

    /// <summary>Root mean squared per-customer error.</summary>
    public double RootMeanSquaredError { get; }

    /// <summary>Sum of the predictions.</summary>
    public double TotalPredicted { get; }

    /// <summary>Sum of the actual holdout purchases.</summary>
    public double TotalActual { get; }

    /// <summary>Compares predictions with actual holdout purchases.</summary>
    /// <param name="calibrationFrequency">Repeat purchase periods x in the calibration period (whole numbers ≥ 0).</param>
    /// <param name="predicted">Predicted holdout purchases per customer.</param>
    /// <param name="actual">Actual holdout purchases per customer.</param>
    /// <param name="openGroupFrom">Frequency from which customers share the last, open group (default 7: groups 0..6 and 7+).</param>
    /// <returns>The report.</returns>
    public static HoldoutReport Evaluate(ReadOnlySpan<double> calibrationFrequency, ReadOnlySpan<double> predicted, ReadOnlySpan<double> actual, int openGroupFrom = 7)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(openGroupFrom, 1);
        int n = calibrationFrequency.Length;
        if (predicted.Length != n || actual.Length != n)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The spans must have one value per customer: calibrationFrequency has {n}, predicted {predicted.Length}, actual {actual.Length}."),
                predicted.Length != n ? nameof(predicted) : nameof(actual));
        }

        if (n == 0)
        {
            throw new ArgumentException("No customers to evaluate.", nameof(calibrationFrequency));
        }

        var errors = new double[n];
        var count = new int[openGroupFrom + 1];
        var sumPredicted = new double[openGroupFrom + 1];
        var sumActual = new double[openGroupFrom + 1];
        double abs = 0.0, sq = 0.0, totalPredicted = 0.0, totalActual = 0.0;
        for (int i = 0; i < n; i++)
        {
            double x = calibrationFrequency[i];
            ClvInput.CheckFinite(x, i, nameof(calibrationFrequency), "calibration frequency x");
            ClvInput.CheckFinite(predicted[i], i, nameof(predicted), "prediction");
            ClvInput.CheckFinite(actual[i], i, nameof(actual), "actual purchases");
            if (x < 0.0 || x != Math.Floor(x))
            {
                throw ClvInput.Bad(nameof(calibrationFrequency), i, $"calibration frequency x = {x} is not a whole number >= 0.");
            }

            if (actual[i] < 0.0)
            {
                throw ClvInput.Bad(nameof(actual), i, $"actual purchases = {actual[i]} is negative.");
            }

            double e = predicted[i] - actual[i];
            errors[i] = e;
            abs += Math.Abs(e);
            sq += e * e;
            totalPredicted += predicted[i];
            totalActual += actual[i];
            int g = (int)Math.Min(x, openGroupFrom);
            count[g]++;
            sumPredicted[g] += predicted[i];
            sumActual[g] += actual[i];
        }

        var groups = new FrequencyGroup[openGroupFrom + 1];
        for (int g = 0; g <= openGroupFrom; g++)
        {
            string label = g == openGroupFrom ? g.ToString(CultureInfo.InvariantCulture) + "+" : g.ToString(CultureInfo.InvariantCulture);
            groups[g] = new FrequencyGroup(label, g, count[g], count[g] > 0 ? sumPredicted[g] / count[g] : 0.0, count[g] > 0 ? sumActual[g] / count[g] : 0.0);
        }

        return new HoldoutReport(errors, groups, abs / n, Math.Sqrt(sq / n), totalPredicted, totalActual);
    }

    /// <summary>The per-frequency table and the summary errors.</summary>
    /// <returns>Several lines of text.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{"x",4} {"customers",10} {"predicted",10} {"actual",10}").AppendLine();
        foreach (var g in Groups)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{g.Label,4} {g.Customers,10} {g.MeanPredicted,10:F3} {g.MeanActual,10:F3}").AppendLine();
        }

        sb.Append(CultureInfo.InvariantCulture, $"MAE {MeanAbsoluteError:F4}, RMSE {RootMeanSquaredError:F4}, total predicted {TotalPredicted:F1} vs actual {TotalActual:F1}");
        return sb.ToString();
    }
}
