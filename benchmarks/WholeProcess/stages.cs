// Times each stage of the CLI's job through the public API on one file (issue 12): where the whole process spends its
// time. Not a test and not the gate (whole-process.sh is); run by hand:
//   dotnet run benchmarks/WholeProcess/stages.cs -c Release -- INPUT.csv [runs=2]
#:project ../../src/CustomerScoring.Csv/CustomerScoring.Csv.csproj
#:property PublishAot=false
using System.Diagnostics;
using CustomerScoring;
using CustomerScoring.Clv;
using CustomerScoring.Concentration;
using CustomerScoring.Csv;
using CustomerScoring.Rfm;
using CustomerScoring.Scorecard;
using CustomerScoring.Summaries;
using CustomerScoring.Tiers;
using CustomerScoring.Transactions;

string path = args[0];
int runs = args.Length > 1 ? int.Parse(args[1]) : 2;
var clock = Stopwatch.StartNew();
for (int run = 0; run < runs; run++)
{
    Console.WriteLine($"-- run {run + 1} (GC heap {GC.GetTotalMemory(false) / 1e6:F0} MB)");
    clock.Restart();
    CsvImportResult imported = TransactionCsvReader.ReadFile(path);
    Lap("ReadFile");
    CustomerTransactions<string> data = imported.Transactions;
    DateOnly end = Summarizer.DayAfterLastTransaction(data);
    Lap("DayAfterLastTransaction");
    CustomerSummaries s = Summarizer.Summarize(data, new SummaryOptions(end));
    Lap($"Summarize ({s.Count:N0} customers, {data.Batches.Count} batches)");
    TransactionBatch one = OneBatch(data.Batches);
    clock.Restart();
    CustomerSummaries s1 = Summarizer.Summarize([one], new SummaryOptions(end), data.Customers.Count);
    Lap($"Summarize (the same rows as one batch; same result: {s1.TotalAmount.SequenceEqual(s.TotalAmount) && s1.Frequency.SequenceEqual(s.Frequency)})");
    one = null!;
    s1 = null!;
    int[] ties = RfmScorerExtensions.TieBreakRanks(s, data.Customers);
    Lap("TieBreakRanks");
    RfmValues values = RfmValues.From(s, RfmValueOptions.Default);
    RfmResult rfm = RfmScorer.Default.Score(values.Recency, values.Frequency, values.Monetary, ties);
    Lap("RFM score");
    ParetoAnalysis pareto = ParetoAnalysis.Analyze(s.TotalAmount.ToArray(), NegativeValues.ClipToZero, ties);
    Lap("ParetoAnalysis");
    IPurchaseModel bg = ClvForecast.FitPurchases(s, PurchaseModelKind.BgNbd);
    Lap("BG/NBD fit");
    GammaGammaModel gg = ClvForecast.FitSpend(s);
    Lap("Gamma-Gamma fit");
    ClvForecast f = ClvForecast.Compute(s, bg, gg);
    Lap("CLV forecast");
    TierScorecard tiers = TierScorecard.Create(s, rfm, pareto.ClassifyAbc(), f.Value, f.ProbabilityAlive, f.ExpectedPurchases);
    Lap("Tiers");
    CustomerScorecard<string> card = CustomerScorecard.Build(data);
    Lap("CustomerScorecard.Build (all of the above after reading)");
    new ScorecardCsvWriter<string>(card).WriteFile("/tmp/stages-scorecard.csv");
    Lap("ScorecardCsvWriter.Write");
}

static TransactionBatch OneBatch(IReadOnlyList<TransactionBatch> batches)
{
    int n = batches.Sum(b => b.Count);
    var index = new int[n];
    var time = new DateTime[n];
    var amount = new double[n];
    int at = 0;
    foreach (TransactionBatch b in batches)
    {
        b.CustomerIndex.CopyTo(index.AsSpan(at));
        b.Timestamps.CopyTo(time.AsSpan(at));
        b.Amounts.CopyTo(amount.AsSpan(at));
        at += b.Count;
    }

    return new TransactionBatch(index, time, amount);
}

void Lap(string what)
{
    Console.WriteLine($"{clock.Elapsed.TotalMilliseconds,9:F0} ms  {what}");
    clock.Restart();
}
