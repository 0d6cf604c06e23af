// Times the BG/NBD, MBG/NBD, Pareto/NBD and Gamma-Gamma fits on simulated customers in days (issue 12: "fits scale").
// Not a test: run by hand; compare fits within one run (Gamma-Gamma is a handy in-run reference on a shared machine).
//   dotnet run benchmarks/FitScale/FitScale.cs -c Release -- [customers=1000000]
#:project ../../src/CustomerScoring/CustomerScoring.csproj
#:property PublishAot=false
#:property TreatWarningsAsErrors=false
using System.Diagnostics;
using CustomerScoring.Clv;
using CustomerScoring.Summaries;

int n = args.Length > 0 ? int.Parse(args[0]) : 1_000_000;
// BG/NBD simulation in days: first purchase uniform over 365 days before the end; rate gamma(r=0.25, alpha=15 days), dropout beta(0.8, 2.5).
var rng = new Random(7);
double Gamma(double k, double theta) { // Marsaglia-Tsang
    if (k < 1) return Gamma(k + 1, theta) * Math.Pow(rng.NextDouble(), 1 / k);
    double d = k - 1.0 / 3, c = 1 / Math.Sqrt(9 * d);
    while (true) { double z; double v; do { double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble(); z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2); v = 1 + c * z; } while (v <= 0); v = v * v * v; double u = rng.NextDouble(); if (Math.Log(u) < 0.5 * z * z + d - d * v + d * Math.Log(v)) return d * v * theta; }
}
var x = new double[n]; var tx = new double[n]; var T = new double[n]; var m = new double[n];
for (int i = 0; i < n; i++) {
    int age = 1 + rng.Next(365);
    double lambda = Gamma(0.25, 1 / 15.0);
    double ga = Gamma(0.8, 1), gb = Gamma(2.5, 1); double p = ga / (ga + gb);
    double t = 0; int k = 0; double last = 0;
    while (true) { t += -Math.Log(1 - rng.NextDouble()) / lambda; if (t > age) break; k++; last = Math.Min(age, Math.Max(1, Math.Round(t))); if (rng.NextDouble() < p) break; }
    x[i] = k; tx[i] = k == 0 ? 0 : last; T[i] = age;
    m[i] = k == 0 ? 0 : Math.Round(Gamma(6, 1) * 4 + 10, 2);
}
Console.WriteLine($"{n:N0} customers, {x.Count(v => v > 0):N0} repeat; unique (x,tx,T) {new HashSet<(double,double,double)>(Enumerable.Range(0,n).Select(i => (x[i],tx[i],T[i]))).Count:N0}"
    + $", (x,tx) {new HashSet<(double,double)>(Enumerable.Range(0,n).Select(i => (x[i],tx[i]))).Count:N0}, (x,T) {new HashSet<(double,double)>(Enumerable.Range(0,n).Select(i => (x[i],T[i]))).Count:N0}"
    + $", (x,m) of repeat buyers {new HashSet<(double,double)>(Enumerable.Range(0,n).Where(i => x[i] > 0).Select(i => (x[i],m[i]))).Count:N0}, x {x.Distinct().Count()}");
// Wall time and the process's CPU time (less sensitive to a loaded machine: another process's work is not counted).
var process = Process.GetCurrentProcess();
TimeSpan cpuMark = process.TotalProcessorTime;
string Cpu() { process.Refresh(); TimeSpan now = process.TotalProcessorTime; string text = $"cpu {(now - cpuMark).TotalMilliseconds:F0} ms"; cpuMark = now; return text; }
for (int rep = 0; rep < 2; rep++) {
var sw = Stopwatch.StartNew(); Cpu();
var bg = BgNbdModel.Fit(x, tx, T, TimeUnit.Day); Console.WriteLine($"BG/NBD {sw.ElapsedMilliseconds} ms {Cpu()}, {bg.Diagnostics!.Iterations} it, LL {bg.Diagnostics!.LogLikelihood:R}");
sw.Restart(); var mbg = MbgNbdModel.Fit(x, tx, T, TimeUnit.Day); Console.WriteLine($"MBG/NBD {sw.ElapsedMilliseconds} ms {Cpu()}, {mbg.Diagnostics!.Iterations} it, LL {mbg.Diagnostics!.LogLikelihood:R}");
sw.Restart(); var pn = ParetoNbdModel.Fit(x, tx, T, TimeUnit.Day); Console.WriteLine($"Pareto/NBD {sw.ElapsedMilliseconds} ms {Cpu()}, {pn.Diagnostics!.Iterations} it, LL {pn.Diagnostics!.LogLikelihood:R}");
sw.Restart(); var gg = GammaGammaModel.Fit(x, m); Console.WriteLine($"Gamma-Gamma {sw.ElapsedMilliseconds} ms {Cpu()}, {gg.Diagnostics!.Iterations} it, LL {gg.Diagnostics!.LogLikelihood:R}");
}
