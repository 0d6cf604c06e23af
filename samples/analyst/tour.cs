#:project ../../src/CustomerScoring/CustomerScoring.csproj
#:project ../../src/CustomerScoring.Csv/CustomerScoring.Csv.csproj
#:project ../../src/CustomerScoring.Charts/CustomerScoring.Charts.csproj

// A tour of CustomerScoring on the bundled CDNOW sample, read and run top to bottom:
//   dotnet run samples/analyst/tour.cs [output-folder]     (from the repository root)
//   cd samples/analyst && dotnet run tour.cs [output-folder]
// Charts are written as PNG to the output folder (default: ./tour-output). Cells are separated by "// %%" lines;
// tour.ipynb holds the same cells for notebook front ends.

// %% Setup: libraries, the bundled data file and the output folder
// Every namespace is named here, the System ones too: a notebook kernel has no implicit usings (nor nullable annotations).
#nullable enable
using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using CustomerScoring;
using CustomerScoring.Charts;
using CustomerScoring.Clv;
using CustomerScoring.Concentration;
using CustomerScoring.Csv;
using CustomerScoring.Rfm;
using CustomerScoring.Summaries;
using CustomerScoring.Tiers;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string dataFile = FindBundledData();
string outputFolder = Path.GetFullPath(args.Length > 0 ? args[0] : "tour-output");
Directory.CreateDirectory(outputFolder);
Console.WriteLine($"Data:   {dataFile}");
Console.WriteLine($"Charts: {outputFolder}");

// samples/data/CDNOW_sample.txt, searched upward from the current folder and from this file's folder.
static string FindBundledData([CallerFilePath] string scriptPath = "")
{
    string[] starts = [Directory.GetCurrentDirectory(), Path.GetDirectoryName(scriptPath) ?? string.Empty];
    foreach (string start in starts.Where(s => s.Length > 0))
    {
        for (DirectoryInfo? folder = new(start); folder is not null; folder = folder.Parent)
        {
            string candidate = Path.Combine(folder.FullName, "samples", "data", "CDNOW_sample.txt");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
    }

    throw new FileNotFoundException("samples/data/CDNOW_sample.txt was not found above the current folder; run the tour inside the repository.");
}

// %% 1. Load the transactions
// CDNOW: whitespace-aligned, no header; customer id in column 1, date (yyyyMMdd) in column 2, dollars in column 4.
var cdnowFormat = new CsvImportOptions
{
    HasHeader = false,
    Delimiter = CsvDelimiter.Whitespace,
    CustomerColumn = CsvColumn.At(1),
    TimestampColumn = CsvColumn.At(2),
    AmountColumn = CsvColumn.At(4),
    TimestampFormats = ["yyyyMMdd"],
};
CsvImportResult imported = TransactionCsvReader.ReadFile(dataFile, cdnowFormat);
Console.WriteLine(imported.Report);

// %% 2. Summarize each customer
// The analysis date is an input, never the clock: here the last day of the data.
var analysisDate = new DateOnly(1998, 6, 30);
CustomerSummaries summaries = Summarizer.Summarize(imported.Transactions, new SummaryOptions(analysisDate));
Console.WriteLine(summaries);

// %% 3. RFM scores and segments
// Quintile scores 1-5 for recency, frequency and monetary value; segments from R's rfm package table.
RfmResult rfm = RfmScorer.Default.Score(summaries, imported.Transactions.Customers);
Console.WriteLine(rfm.ToString().Split('\n')[0]);
Console.WriteLine();
Console.WriteLine(CustomerTables.RfmSegments(rfm, summaries));

// %% 4. Segment charts
using (Chart segments = CustomerCharts.RfmSegments(rfm, summaries))
{
    Console.WriteLine($"Wrote {segments.SavePng(Path.Combine(outputFolder, "rfm-segments.png"))}");
}

using (Chart heatmap = CustomerCharts.RecencyFrequencyHeatmap(rfm))
{
    Console.WriteLine($"Wrote {heatmap.SavePng(Path.Combine(outputFolder, "rfm-recency-frequency.png"))}");
}

// %% 5. Concentration: the 80/20 figures and the Lorenz curve
// Customers with net refunds count as holding nothing.
ParetoAnalysis concentration = ParetoAnalysis.Analyze(summaries.TotalAmount, NegativeValues.ClipToZero);
Console.WriteLine(concentration);
Console.WriteLine();
Console.WriteLine(concentration.FormatLorenzTable());
using (Chart lorenz = CustomerCharts.LorenzCurve(concentration))
{
    Console.WriteLine($"Wrote {lorenz.SavePng(Path.Combine(outputFolder, "lorenz-curve.png"))}");
}

// %% 6. Customer lifetime value: BG/NBD and Gamma-Gamma
// As in the literature: calibration to 1997-09-30 in weeks, the remaining nine months (39 weeks) as the holdout.
var calibrationOptions = new SummaryOptions(new DateOnly(1997, 9, 30)) { TimeUnit = TimeUnit.Week, HoldoutEnd = analysisDate };
CustomerSummaries weeks = Summarizer.Summarize(imported.Transactions, calibrationOptions);
IPurchaseModel bgnbd = ClvForecast.FitPurchases(weeks, PurchaseModelKind.BgNbd);
GammaGammaModel spend = ClvForecast.FitSpend(weeks);
Console.WriteLine(bgnbd.Diagnostics);
Console.WriteLine(spend.Diagnostics);
var clvOptions = new ClvForecastOptions { Horizon = 52, HorizonUnit = TimeUnit.Week, AnnualDiscountRate = 0.10, MarginRate = 0.3 };
ClvForecast clv = ClvForecast.Compute(weeks, bgnbd, spend, clvOptions);
var top = new TextTable("customer", "x", "P(alive)", "purchases next 52 weeks", "spend per purchase", "CLV (30% margin)");
foreach (int row in Enumerable.Range(0, weeks.Count).OrderByDescending(r => clv.Value[r]).Take(10))
{
    top.AddRow(
        imported.Transactions.Customers.KeyOf(weeks.CustomerIndex[row]), $"{weeks.Frequency[row]:F0}", $"{clv.ProbabilityAlive[row]:F3}",
        $"{clv.ExpectedPurchases[row]:F2}", $"{clv.ExpectedSpend[row]:F2}", $"{clv.Value[row]:F2}");
}

Console.WriteLine(top);

// %% 7. Calibration against the holdout, and P(alive)
// Predicted purchases over the 39 holdout weeks against the purchase days each customer actually had.
var predicted = new double[weeks.Count];
bgnbd.ExpectedPurchases(weeks.Frequency, weeks.Recency, weeks.Age, weeks.HoldoutLength, predicted);
double[] actual = weeks.HoldoutPurchasePeriods.ToArray().Select(p => (double)p).ToArray();
Console.WriteLine(HoldoutReport.Evaluate(weeks.Frequency, predicted, actual));
using (Chart holdout = CustomerCharts.CalibrationVsHoldout(weeks.Frequency, predicted, actual))
{
    Console.WriteLine($"Wrote {holdout.SavePng(Path.Combine(outputFolder, "calibration-vs-holdout.png"))}");
}

using (Chart alive = CustomerCharts.ProbabilityAlive(weeks.Frequency, weeks.Recency, clv.ProbabilityAlive, TimeUnit.Week))
{
    Console.WriteLine($"Wrote {alive.SavePng(Path.Combine(outputFolder, "p-alive.png"))}");
}

// %% 8. Tiers and lifecycle stages, with an explanation
// Default value tiers by CLV percentile (VIP top 1%, Gold next 4%, Silver next 15%, Bronze) and lifecycle stages.
TierScorecard tiers = TierScorecard.Create(weeks, clv: clv.Value, pAlive: clv.ProbabilityAlive, expectedPurchases: clv.ExpectedPurchases);
Console.WriteLine(tiers);
int best = Enumerable.Range(0, weeks.Count).MaxBy(r => clv.Value[r]);
Console.WriteLine($"Customer {imported.Transactions.Customers.KeyOf(weeks.CustomerIndex[best])}: {tiers.ExplainTier(best)}");
Console.WriteLine($"  and {tiers.ExplainStage(best)}");
Console.WriteLine("Tour complete.");
