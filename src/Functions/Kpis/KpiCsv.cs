using System.Globalization;
using System.Text;

namespace LoyaltyBot.Functions.Kpis;

/// <summary>The KPI table as CSV for a spreadsheet or an accountant: a header, one row per day, then the period's total.</summary>
public static class KpiCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static readonly string[] Header =
        ["day", "members", "newMembers", "activeCustomers", "purchases", "revenue", "averageOrderValue", "pointsIssued", "pointsRedeemed", "pointsExpired"];

    public static string Write(KpiReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder();
        csv.AppendJoin(',', Header).Append("\r\n");
        foreach (var day in report.Days)
        {
            Row(csv, day.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), day.Members, day.NewMembers, day.ActiveCustomers, day.Purchases, day.Revenue,
                day.AverageOrderValue, day.PointsIssued, day.PointsRedeemed, day.PointsExpired);
        }

        Row(csv, "total", report.Members, report.NewMembers, report.ActiveCustomers, report.Purchases, report.Revenue, report.AverageOrderValue,
            report.PointsIssued, report.PointsRedeemed, report.PointsExpired);
        return csv.ToString();
    }

    /// <summary>The file's name: the period, and the merchant when one.</summary>
    public static string FileName(KpiReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var of = report.MerchantId is null ? "" : "-" + report.MerchantId;
        return string.Create(CultureInfo.InvariantCulture, $"kpis-{report.From:yyyy-MM-dd}-{report.To:yyyy-MM-dd}{of}.csv");
    }

    private static void Row(StringBuilder csv, string label, params object[] values) =>
        csv.Append(label).Append(',').AppendJoin(',', values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))).Append("\r\n");
}
