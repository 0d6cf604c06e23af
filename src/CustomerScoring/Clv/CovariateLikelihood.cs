using System.Globalization;

namespace CustomerScoring.Clv;

/// <summary>
/// The covariate log-likelihood: customers grouped by identical covariate rows, each group's compressed (x, t_x, T)
/// rows evaluated by the plain model's likelihood at the group's individual parameters, gradients by the chain rule.
/// θ = (r, α, third, fourth, e^γ_trans, e^γ_life): the coefficients enter as e^γ for the positive-parameter driver.
/// </summary>
internal sealed class CovariateLikelihood
{
    private readonly PurchaseModelKind kind;
    private readonly double[][] z;
    private readonly CompressedRows[] rows;

    public CovariateLikelihood(PurchaseModelKind kind, ReadOnlySpan<double> frequency, ReadOnlySpan<double> recency, ReadOnlySpan<double> age, CustomerCovariates covariates)
    {
        this.kind = kind;
        int k = covariates.Names.Count;
        var groups = new Dictionary<string, int>(StringComparer.Ordinal);
        var members = new List<List<int>>();
        var rowsOfZ = new List<double[]>();
        var key = new System.Text.StringBuilder();
        for (int i = 0; i < frequency.Length; i++)
        {
            key.Clear();
            for (int j = 0; j < k; j++)
            {
                key.Append(covariates[i, j].ToString("R", CultureInfo.InvariantCulture)).Append('|');
            }

            string s = key.ToString();
            if (!groups.TryGetValue(s, out int g))
            {
                g = members.Count;
                groups.Add(s, g);
                members.Add([]);
                var row = new double[k];
                for (int j = 0; j < k; j++)
                {
                    row[j] = covariates[i, j];
                }

                rowsOfZ.Add(row);
            }

            members[g].Add(i);
        }

        z = [.. rowsOfZ];
        rows = new CompressedRows[members.Count];
        for (int g = 0; g < members.Count; g++)
        {
            var m = members[g];
            var x = new double[m.Count];
            var tx = new double[m.Count];
            var t = new double[m.Count];
            for (int i = 0; i < m.Count; i++)
            {
                x[i] = frequency[m[i]];
                tx[i] = recency[m[i]];
                t[i] = age[m[i]];
            }

            rows[g] = ClvInput.Compress(x, tx, t);
        }
    }

    /// <summary>Distinct covariate rows.</summary>
    public int GroupCount => rows.Length;

    /// <summary>The individual parameters (r, α_i, third_i, fourth_i) of covariates z.</summary>
    public static void Individual(PurchaseModelKind kind, ReadOnlySpan<double> baseParameters, ReadOnlySpan<double> gammaTrans, ReadOnlySpan<double> gammaLife, ReadOnlySpan<double> z, Span<double> individual)
    {
        double trans = 0.0, life = 0.0;
        for (int j = 0; j < z.Length; j++)
        {
            trans += gammaTrans[j] * z[j];
            life += gammaLife[j] * z[j];
        }

        individual[0] = baseParameters[0];
        individual[1] = baseParameters[1] * Math.Exp(-trans);
        if (kind == PurchaseModelKind.ParetoNbd)
        {
            individual[2] = baseParameters[2];
            individual[3] = baseParameters[3] * Math.Exp(-life);
        }
        else
        {
            individual[2] = baseParameters[2] * Math.Exp(life);
            individual[3] = baseParameters[3] * Math.Exp(life);
        }
    }

    public double Evaluate(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        int k = (theta.Length - 4) / 2;
        var gammaTrans = new double[k];
        var gammaLife = new double[k];
        for (int j = 0; j < k; j++)
        {
            gammaTrans[j] = Math.Log(theta[4 + j]);
            gammaLife[j] = Math.Log(theta[4 + k + j]);
        }

        bool wantGradient = !gradient.IsEmpty;
        if (wantGradient)
        {
            gradient.Clear();
        }

        Span<double> p = stackalloc double[4];
        Span<double> g = stackalloc double[4];
        double total = 0.0;
        for (int grp = 0; grp < rows.Length; grp++)
        {
            Individual(kind, theta[..4], gammaTrans, gammaLife, z[grp], p);
            total += kind == PurchaseModelKind.ParetoNbd
                ? ParetoNbdLikelihood.Evaluate(rows[grp], p[0], p[1], p[2], p[3], wantGradient ? g : default)
                : BetaGeometricLikelihood.Evaluate(rows[grp], false, p[0], p[1], p[2], p[3], wantGradient ? g : default);
            if (!wantGradient)
            {
                continue;
            }

            // Base parameters: each individual parameter is proportional to its base value.
            gradient[0] += g[0];
            gradient[1] += g[1] * p[1] / theta[1];
            gradient[2] += g[2] * p[2] / theta[2];
            gradient[3] += g[3] * p[3] / theta[3];

            // ∂/∂γ, then ∂/∂θ_γ = (∂/∂γ) / θ_γ.
            double dTrans = -g[1] * p[1];
            double dLife = kind == PurchaseModelKind.ParetoNbd ? -g[3] * p[3] : (g[2] * p[2]) + (g[3] * p[3]);
            for (int j = 0; j < k; j++)
            {
                gradient[4 + j] += dTrans * z[grp][j] / theta[4 + j];
                gradient[4 + k + j] += dLife * z[grp][j] / theta[4 + k + j];
            }
        }

        return total;
    }
}
