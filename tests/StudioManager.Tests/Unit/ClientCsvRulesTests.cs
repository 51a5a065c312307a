using StudioManager.Clients;
using StudioManager.Infrastructure.Errors;

namespace StudioManager.Tests.Unit;

/// <summary>Clients as CSV (ClientCsv): what the export writes, what the import reads from spreadsheets and other
/// tools, and that neither lets a cell run as a formula. No app, no database.</summary>
public sealed class ClientCsvRulesTests
{
    [Fact]
    public void ShouldReadBackEveryFieldItWrote()
    {
        var rows = ClientCsv.Read(Written(VCardRulesTests.Sample));

        var row = Assert.Single(rows);
        Assert.True(row.Errors.IsValid);
        var i = row.Input;
        Assert.Equal(ClientType.Individual, i.Type.Value);
        Assert.Equal(("Léa Moreau", "Lune, Pâle"), (i.Name.Value, i.ArtistName.Value));
        Assert.False(i.CompanyName.HasValue);
        Assert.Equal(("lea@example.com", "lea.work@example.com"), (i.Email.Value, i.SecondaryEmail.Value));
        Assert.Equal(("+33 6 12 34 56 78", "04 72 00 00 00"), (i.Phone.Value, i.SecondaryPhone.Value));
        Assert.Equal(("12 rue de la Paix; bât. B", "3e étage", "Lyon", "69001", "France"),
            (i.AddressLine1.Value, i.AddressLine2.Value, i.City.Value, i.PostalCode.Value, i.Country.Value));
        Assert.Equal("https://lunepale.example", i.Website.Value);
        Assert.Equal(VCardRulesTests.Sample.StreamingLinks, i.StreamingLinks.Value);
        Assert.Equal(VCardRulesTests.Sample.Genres, i.Genres.Value);
        Assert.Equal(VCardRulesTests.Sample.BillingNotes, i.BillingNotes.Value);
        Assert.Equal(("EUR", 30.5m, 45), (i.Currency.Value, i.DefaultDepositPercent.Value, i.PaymentTermsDays.Value));
        Assert.Equal((true, false, true), (i.IsVip.Value, i.IsActive.Value, i.PortalAccess.Value));
    }

    [Fact]
    public void ShouldWriteTheApiFieldNamesAsHeadersAndQuoteOnlyWhatNeedsIt()
    {
        var lines = Written(VCardRulesTests.Sample with { BillingNotes = "She said \"hi\"" }).Split("\r\n");

        Assert.Equal("type,name,artistName,companyName,email,secondaryEmail,phone,secondaryPhone,addressLine1,addressLine2,city,postalCode," +
                     "country,website,streamingLinks,genres,currency,defaultDepositPercent,paymentTermsDays,billingNotes,isVip,isActive,portalAccess", lines[0]);
        Assert.StartsWith("individual,Léa Moreau,\"Lune, Pâle\",,lea@example.com,", lines[1]);
        Assert.Contains(",\"She said \"\"hi\"\"\",", lines[1]);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"x\")")]
    [InlineData("+33 6 12 34 56 78")]
    [InlineData("-2+3+cmd|' /C calc'!A0")]
    [InlineData("@SUM(1+1)*cmd|' /C calc'!A0")]
    public void ShouldNeutraliseWhatASpreadsheetWouldRunAsAFormulaAndImportItBackAsItWas(string value)
    {
        var csv = Written(VCardRulesTests.Sample with { Name = value, Phone = value });

        var cells = csv.Split("\r\n")[1];
        Assert.DoesNotContain(",=", cells);
        Assert.DoesNotContain(",+", cells);
        Assert.DoesNotContain(",@", cells);
        Assert.DoesNotContain(",-", cells);
        Assert.Contains("'" + value[0], cells);
        var i = Assert.Single(ClientCsv.Read(csv)).Input;
        Assert.Equal((value, value), (i.Name.Value, i.Phone.Value));
    }

    [Fact]
    public void ShouldReadASemicolonDelimitedSpreadsheetExportWithABomAndLooseHeaders()
    {
        const string csv = "\uFEFFFull Name;E-mail;Phone number;Artist_Name;Zip;VIP;Deposit %;Genre;Unknown column\r\n" +
                           "Zoé Martin;zoe@example.com;06 12 34 56 78;Zoé M;75011;yes;30,5 %;Jazz, Soul;whatever\r\n" +
                           "\"Dupont; Fils\";;;;;no;;;\r\n";

        var rows = ClientCsv.Read(csv);

        Assert.Equal(2, rows.Count);
        var zoe = rows[0].Input;
        Assert.Equal(("Zoé Martin", "zoe@example.com", "06 12 34 56 78", "Zoé M", "75011"),
            (zoe.Name.Value, zoe.Email.Value, zoe.Phone.Value, zoe.ArtistName.Value, zoe.PostalCode.Value));
        Assert.Equal((true, 30.5m), (zoe.IsVip.Value, zoe.DefaultDepositPercent.Value));
        Assert.Equal(["Jazz", "Soul"], zoe.Genres.Value!);
        Assert.Equal("Dupont; Fils", rows[1].Input.Name.Value);
        Assert.False(rows[1].Input.Email.HasValue);
    }

    [Theory]
    [InlineData("name\temail\nTab Person\ttab@example.com\n")]
    [InlineData("sep=|\nname|email\nTab Person|tab@example.com\n")]
    [InlineData("name,email\r\n\"Tab Person\",tab@example.com")]
    public void ShouldDetectTheDelimiter(string csv)
    {
        var i = Assert.Single(ClientCsv.Read(csv)).Input;
        Assert.Equal(("Tab Person", "tab@example.com"), (i.Name.Value, i.Email.Value));
    }

    [Fact]
    public void ShouldKeepNewlinesInsideQuotesAndNumberRowsByTheLineTheyStartOn()
    {
        const string csv = "name,billingNotes\n\nFirst,\"line one\nline two\"\n,\nSecond,plain\n";

        var rows = ClientCsv.Read(csv);

        Assert.Equal(["First", "Second"], rows.Select(r => r.Input.Name.Value));
        Assert.Equal("line one\nline two", rows[0].Input.BillingNotes.Value);
        Assert.Equal((3, 6), (rows[0].Line, rows[1].Line));
    }

    [Fact]
    public void ShouldReportBadValuesOnTheirField()
    {
        const string csv = "name,type,isVip,defaultDepositPercent,paymentTermsDays\nBad,band,maybe,lots,ten\n";

        var errors = Assert.Single(ClientCsv.Read(csv)).Errors.Messages.Select(m => m.Field).Order();

        Assert.Equal(["defaultDepositPercent", "isVip", "paymentTermsDays", "type"], errors);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("\r\n\r\n", "empty")]
    [InlineData("email,phone\nzoe@example.com,0612\n", "'name' column")]
    [InlineData("name,email\n\"Unclosed,zoe@example.com\nNext,next@example.com\n", "Line 2")]
    public void ShouldRefuseAFileItCannotRead(string csv, string message)
    {
        var e = Assert.Throws<ValidationFailedException>(() => ClientCsv.Read(csv));
        Assert.Contains(message, Assert.Single(e.Errors["file"]));
    }

    private static string Written(params ClientDto[] clients)
    {
        var w = new StringWriter();
        ClientCsv.Write(w, clients);
        return w.ToString();
    }
}
