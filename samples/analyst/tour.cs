#:project ../../src/CustomerScoring/CustomerScoring.csproj
#:project ../../src/CustomerScoring.Csv/CustomerScoring.Csv.csproj
#:project ../../src/CustomerScoring.Charts/CustomerScoring.Charts.csproj

// A tour of CustomerScoring on the bundled CDNOW sample, read and run top to bottom:
//   dotnet run samples/analyst/tour.cs [output-folder]     (from the repository root)
//   cd samples/analyst && dotnet run tour.cs [output-folder]
// Charts are written as PNG to the output folder (default: ./tour-output). Cells are separated by "// %%" lines;
// tour.ipynb holds the same cells for notebook front ends.

// %% Setup: libraries, the bundled data file and the output folder
using System.Globalization;
using System.Runtime.CompilerServices;
using CustomerScoring.Charts;
using CustomerScoring.Concentration;
using CustomerScoring.Csv;
using CustomerScoring.Rfm;
using CustomerScoring.Summaries;

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

// %% Next
// CLV (BG/NBD fit, P(alive), calibration vs holdout; charts CustomerCharts.ProbabilityAlive and
// CustomerCharts.CalibrationVsHoldout) and customer tiers follow here once those models are merged.
Console.WriteLine("Tour complete.");
