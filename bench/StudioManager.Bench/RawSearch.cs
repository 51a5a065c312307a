using System.Text.Json;
using Npgsql;
using StudioManager.Infrastructure.Data;

/// <summary>The baseline of benchmark (b): one minimal endpoint running the SQL that GET /api/studios/{s}/clients?q=…
/// runs (count, then the first page ordered by name), through raw Npgsql on the studio's database, and answering the
/// same JSON shape (the SQL as EF logs it for that endpoint). No authentication, no tenant resolution, no EF: the ratio measures what those cost.</summary>
public static class RawSearch
{
    private const string Columns = "id, type, name, artist_name, company_name, email, secondary_email, phone, secondary_phone, " +
        "address_line1, address_line2, city, postal_code, country, website, streaming_links, genres, currency, " +
        "default_deposit_percent, payment_terms_days, billing_notes, is_vip, is_active, portal_access, created_at, updated_at";

    public static async Task RunAsync(string tenantConnectionString, string url)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        await using var dataSource = NpgsqlDataSource.Create(tenantConnectionString);
        var app = builder.Build();
        app.MapGet("/raw/clients", async (string? q, int? page, int? pageSize) =>
        {
            // The app's paging rule (default 50 rows, at most 200), so both sides read and write the same page.
            var paging = Paging.Of(page, pageSize);
            var (size, offset) = (paging.PageSize, (paging.Page - 1) * paging.PageSize);
            var pattern = "%" + (q ?? "").Trim().ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            await using var conn = await dataSource.OpenConnectionAsync();
            await using var count = new NpgsqlCommand("SELECT count(*)::int FROM clients WHERE search_text LIKE @p ESCAPE '\\'", conn);
            count.Parameters.AddWithValue("p", pattern);
            var total = (int)(await count.ExecuteScalarAsync())!;
            await using var select = new NpgsqlCommand(
                $"SELECT {Columns} FROM clients WHERE search_text LIKE @p ESCAPE '\\' ORDER BY lower(name), id LIMIT @n OFFSET @o", conn);
            select.Parameters.AddWithValue("p", pattern);
            select.Parameters.AddWithValue("n", size);
            select.Parameters.AddWithValue("o", offset);
            var items = new List<Dictionary<string, object?>>();
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var row = new Dictionary<string, object?>(reader.FieldCount);
                for (var i = 0; i < reader.FieldCount; i++)
                    row[JsonNamingPolicy.CamelCase.ConvertName(ToPascal(reader.GetName(i)))] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                items.Add(row);
            }
            return Results.Json(new { items, total, page = paging.Page, pageSize = size });
        });
        Console.WriteLine($"raw search listening on {url}");
        await app.RunAsync();
    }

    private static string ToPascal(string snake) =>
        string.Concat(snake.Split('_').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));
}
