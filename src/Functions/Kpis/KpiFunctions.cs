using System.Globalization;
using LoyaltyBot.Functions.Admin;
using LoyaltyBot.Functions.ApiReference;
using LoyaltyBot.Functions.Hosting;
using LoyaltyBot.Functions.Merchants;
using LoyaltyBot.Functions.Rules;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.OpenApi;

namespace LoyaltyBot.Functions.Kpis;

/// <summary><c>GET /api/admin/kpis</c>: the program's figures over a period, from the aggregates, never from the ledgers.</summary>
public sealed class KpiFunctions(KpiStore kpis, ProgramStore program, MerchantStore merchants)
{
    /// <summary>The longest period one report covers: two years, so a year can be set beside the one before.</summary>
    public const int MaxDays = 731;

    [Function("AdminKpis")]
    [RequiresAdminKey]
    [Tags(AdminApiDocument.Tag)]
    [EndpointSummary("The program's figures over a period: members, purchases, revenue, retention, points economics; overall or of one merchant, and per tier")]
    [ApiParameter("from", ParameterLocation.Query, "The period's first day, `yyyy-MM-dd`, in the program's time zone.", "2026-11-01")]
    [ApiParameter("to", ParameterLocation.Query, "The period's last day, included, `yyyy-MM-dd`; at most 731 days after `from`.", "2026-11-30")]
    [ApiParameter("merchantId", ParameterLocation.Query, "Only this merchant's purchases, refunds and redemptions (members and points outstanding stay the program's).",
        "m0195b3c0e6a97c4f1d2e")]
    [ApiParameter("format", ParameterLocation.Query, "`csv` for the table of days as a CSV file (a header, a row per day, a total row); JSON otherwise.", "csv")]
    [ProducesResponseType(typeof(KpiReport), StatusCodes.Status200OK, Description = "The figures; money in the program's currency, rates as fractions of 1. "
        + "With `format=csv`, `text/csv; charset=utf-8` as an attachment.")]
    [ProducesResponseType(typeof(HttpValidationProblemDetails), StatusCodes.Status400BadRequest, StandardAnswers.ProblemJson,
        Description = "`from` or `to` is missing or not a date, `to` is before `from`, or the period is longer than 731 days.")]
    public async Task<IResult> KpisAsync([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/kpis")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new FieldErrors();
        var from = ReadDay(request, "from", errors);
        var to = ReadDay(request, "to", errors);
        if (from is { } first && to is { } last && (last < first || last.DayNumber - first.DayNumber >= MaxDays))
        {
            errors.Add("to", $"must be on or after from, and at most {MaxDays - 1} days after it");
        }

        var format = request.Query["format"].ToString();
        if (format is not ("" or "json" or "csv"))
        {
            errors.Add("format", "must be csv or json");
        }

        if (errors.Any)
        {
            return Results.ValidationProblem(errors.ToDictionary());
        }

        var merchantId = request.Query["merchantId"].ToString() is { Length: > 0 } given ? given : null;
        var previousFrom = from!.Value.AddDays(-(to!.Value.DayNumber - from.Value.DayNumber + 1));
        var cancellationToken = request.HttpContext.RequestAborted;
        var rows = await kpis.ReadAsync(previousFrom, to.Value, cancellationToken);
        var rules = await program.GetAsync(cancellationToken);
        var report = KpiReport.Of(rows, from.Value, to.Value, merchantId, rules);
        report = report with { Merchants = await NamedAsync(report.Merchants, cancellationToken) };
        if (format != "csv")
        {
            return Results.Ok(report);
        }

        request.HttpContext.Response.Headers.ContentDisposition = $"attachment; filename=\"{KpiCsv.FileName(report)}\"";
        return Results.Text(KpiCsv.Write(report), KpiCsv.ContentType, System.Text.Encoding.UTF8);
    }

    /// <summary>The merchants with their names (cached by the merchant store; null for one deleted or unknown).</summary>
    private async Task<MerchantKpis[]> NamedAsync(IEnumerable<MerchantKpis> figures, CancellationToken cancellationToken) =>
        await Task.WhenAll(figures.Select(async m => m with { Name = (await merchants.FindAsync(m.MerchantId, cancellationToken))?.Name }));

    private static DateOnly? ReadDay(HttpRequest request, string name, FieldErrors errors)
    {
        var text = request.Query[name].ToString();
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors.Add(name, text.Length == 0 ? "is required" : "must be a day as yyyy-MM-dd");
        return null;
    }
}
