using System.Text;
using StudioManager.Clients;
using StudioManager.Infrastructure.Errors;

namespace StudioManager.Tests.Unit;

/// <summary>vCard reading (3.0 and 4.0, as phones and address books write them) and writing (4.0, folded, escaped).
/// No app, no database.</summary>
public sealed class VCardRulesTests
{
    internal static readonly ClientDto Sample = new(
        Id: 1, Type: ClientType.Individual, Name: "Léa Moreau", ArtistName: "Lune, Pâle", CompanyName: null,
        Email: "lea@example.com", SecondaryEmail: "lea.work@example.com", Phone: "+33 6 12 34 56 78", SecondaryPhone: "04 72 00 00 00",
        AddressLine1: "12 rue de la Paix; bât. B", AddressLine2: "3e étage", City: "Lyon", PostalCode: "69001", Country: "France",
        Website: "https://lunepale.example", StreamingLinks: ["https://open.spotify.com/artist/x", "https://lunepale.bandcamp.com"],
        Genres: ["Dream pop", "Rock, Roll"], Currency: "EUR", DefaultDepositPercent: 30.5m, PaymentTermsDays: 45,
        BillingNotes: "Invoices to accounts@\nPO number required; c:\\path", IsVip: true, IsActive: false, PortalAccess: true,
        CreatedAt: DateTime.UnixEpoch, UpdatedAt: DateTime.UnixEpoch);

    [Fact]
    public void ShouldReadBackEveryFieldItWrote()
    {
        var company = Sample with { Id = 2, Type = ClientType.Company, Name = "Night Owl Records", CompanyName = "Night Owl Records SARL",
            ArtistName = null, SecondaryEmail = null, SecondaryPhone = null, AddressLine2 = null, StreamingLinks = [], Genres = [] };

        var rows = VCard.Read(new StringReader(Written(Sample, company)));

        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.True(r.Errors.IsValid));
        var i = rows[0].Input;
        Assert.Equal(ClientType.Individual, i.Type.Or(ClientType.Individual));
        Assert.Equal("Léa Moreau", i.Name.Value);
        Assert.Equal("Lune, Pâle", i.ArtistName.Value);
        Assert.Equal(("lea@example.com", "lea.work@example.com"), (i.Email.Value, i.SecondaryEmail.Value));
        Assert.Equal(("+33 6 12 34 56 78", "04 72 00 00 00"), (i.Phone.Value, i.SecondaryPhone.Value));
        Assert.Equal(("12 rue de la Paix; bât. B", "3e étage"), (i.AddressLine1.Value, i.AddressLine2.Value));
        Assert.Equal(("Lyon", "69001", "France"), (i.City.Value, i.PostalCode.Value, i.Country.Value));
        Assert.Equal("https://lunepale.example", i.Website.Value);
        Assert.Equal(Sample.StreamingLinks, i.StreamingLinks.Value);
        Assert.Equal(Sample.Genres, i.Genres.Value);
        Assert.Equal(Sample.BillingNotes, i.BillingNotes.Value);
        Assert.Equal(("EUR", 30.5m, 45), (i.Currency.Value, i.DefaultDepositPercent.Value, i.PaymentTermsDays.Value));
        Assert.Equal((true, false, true), (i.IsVip.Value, i.IsActive.Value, i.PortalAccess.Value));
        var c = rows[1].Input;
        Assert.Equal(ClientType.Company, c.Type.Value);
        Assert.Equal(("Night Owl Records", "Night Owl Records SARL"), (c.Name.Value, c.CompanyName.Value));
        Assert.False(c.SecondaryEmail.HasValue);
        Assert.False(c.StreamingLinks.HasValue);
    }

    [Fact]
    public void ShouldWriteVersion4WithEscapedTextAndCrlfLines()
    {
        var text = Written(Sample);

        Assert.StartsWith("BEGIN:VCARD\r\nVERSION:4.0\r\nKIND:individual\r\nFN:Léa Moreau\r\nN:Moreau;Léa;;;\r\n", text);
        Assert.EndsWith("END:VCARD\r\n", text);
        Assert.DoesNotContain("\n", text.Replace("\r\n", ""));
        var unfolded = text.Replace("\r\n ", "");
        Assert.Contains("\r\nNICKNAME:Lune\\, Pâle\r\n", unfolded);
        Assert.Contains("\r\nEMAIL;PREF=1:lea@example.com\r\nEMAIL:lea.work@example.com\r\n", unfolded);
        Assert.Contains("\r\nADR:;;12 rue de la Paix\\; bât. B\\n3e étage;Lyon;;69001;France\r\n", unfolded);
        Assert.Contains("\r\nCATEGORIES:Dream pop,Rock\\, Roll\r\n", unfolded);
        Assert.Contains("\r\nNOTE:Invoices to accounts@\\nPO number required\\; c:\\\\path\r\n", unfolded);
        Assert.Contains("\r\nURL;TYPE=x-streaming:https://lunepale.bandcamp.com\r\n", unfolded);
    }

    [Fact]
    public void ShouldFoldLinesAt75OctetsWithoutSplittingACharacter()
    {
        var notes = string.Concat(Enumerable.Repeat("é🎸ab", 60));
        var text = Written(Sample with { BillingNotes = notes });

        var lines = text.Split("\r\n");
        Assert.All(lines, l => Assert.True(Encoding.UTF8.GetByteCount(l) <= 75, $"{Encoding.UTF8.GetByteCount(l)} octets: {l}"));
        Assert.All(lines, l => Assert.DoesNotContain('\uFFFD', Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(l))));
        Assert.Contains(lines, l => l.StartsWith(' '));
        Assert.Contains("\r\nNOTE:" + notes + "\r\n", text.Replace("\r\n ", ""));
        Assert.Equal(notes, VCard.Read(new StringReader(text)).Single().Input.BillingNotes.Value);
    }

    [Fact]
    public void ShouldReadAVersion3CardAsPhonesAndAddressBooksWriteIt()
    {
        const string card = """
            BEGIN:VCARD
            VERSION:3.0
            PRODID:-//Apple Inc.//iPhone OS 17.0//EN
            N:Bell;Marcus;J.;Dr.;Jr.
            item1.EMAIL;type=INTERNET;type=WORK:marcus.work@example.com
            item2.EMAIL;type=INTERNET;type=HOME;type=pref:marcus@example.com
            TEL;type=HOME;type=VOICE:020 7946 0000
            TEL;type=CELL;type=VOICE;type=pref:+44 20 7946 0321
            TEL;type=WORK:+44 20 0000 0000
            item3.ADR;type=HOME;type=pref:;Flat 2;221B Baker Street;London;;NW1 6XE;United Kingdom
            item3.X-ABADR:gb
            NOTE:Brings his own producer\, needs the booth
              from 10 pm.
            CATEGORIES:Hip-hop,Grime
            END:VCARD
            """;

        var row = Assert.Single(VCard.Read(new StringReader(card)));

        var i = row.Input;
        Assert.True(row.Errors.IsValid);
        Assert.Equal("Dr. Marcus J. Bell Jr.", i.Name.Value); // from N, as there is no FN
        Assert.Equal(("marcus@example.com", "marcus.work@example.com"), (i.Email.Value, i.SecondaryEmail.Value)); // preferred first
        Assert.Equal(("+44 20 7946 0321", "020 7946 0000"), (i.Phone.Value, i.SecondaryPhone.Value)); // a third phone has no place
        Assert.Equal(("221B Baker Street", "Flat 2", "London", "NW1 6XE", "United Kingdom"),
            (i.AddressLine1.Value, i.AddressLine2.Value, i.City.Value, i.PostalCode.Value, i.Country.Value));
        Assert.Equal("Brings his own producer, needs the booth from 10 pm.", i.BillingNotes.Value);
        Assert.Equal(["Hip-hop", "Grime"], i.Genres.Value!);
    }

    [Fact]
    public void ShouldReadAVersion4CardWithPrefUrisAndQuotedParameters()
    {
        const string card = "begin:vcard\nversion:4.0\nkind:org\nfn:The Velvet Hours\n" +
                            "EMAIL;TYPE=work:band@example.com\nEMAIL;PREF=1;LABEL=\"Booking: Jo\":booking@example.com\n" +
                            "TEL;VALUE=uri;TYPE=\"voice,cell\";PREF=1:tel:+33-6-98-76-54-32\n" +
                            "URL:https://velvethours.example\nURL:https://velvethours.band\n\tcamp.com\nend:vcard\n";

        var i = Assert.Single(VCard.Read(new StringReader(card))).Input;

        Assert.Equal(ClientType.Company, i.Type.Value);
        Assert.Equal(("booking@example.com", "band@example.com"), (i.Email.Value, i.SecondaryEmail.Value));
        Assert.Equal("+33-6-98-76-54-32", i.Phone.Value);
        Assert.Equal("https://velvethours.example", i.Website.Value);
        Assert.Equal(["https://velvethours.bandcamp.com"], i.StreamingLinks.Value!); // folded with a tab; later URLs are streaming links
    }

    [Fact]
    public void ShouldReadVersion21BareTypes()
    {
        const string card = "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Old Phone\r\nTEL;HOME:111\r\nTEL;CELL;PREF:222\r\nEND:VCARD\r\n";
        var i = Assert.Single(VCard.Read(new StringReader(card))).Input;
        Assert.Equal(("222", "111"), (i.Phone.Value, i.SecondaryPhone.Value));
    }

    [Fact]
    public void ShouldReportBadLinesAndValuesOnTheirCardWithTheLine()
    {
        const string card = "BEGIN:VCARD\nFN:Broken\nthis is not a property\nX-RSM-VIP:maybe\nX-RSM-DEPOSIT-PERCENT:lots\nEND:VCARD\n" +
                            "BEGIN:VCARD\nFN:Unfinished\n";

        var rows = VCard.Read(new StringReader(card));

        Assert.Equal(2, rows.Count);
        Assert.Equal((1, 7), (rows[0].Line, rows[1].Line));
        var errors = rows[0].Errors.Messages.ToLookup(m => m.Field, m => m.Message);
        Assert.Contains("Line 3", Assert.Single(errors["file"]));
        Assert.Single(errors["isVip"]);
        Assert.Single(errors["defaultDepositPercent"]);
        Assert.Contains("END:VCARD", Assert.Single(rows[1].Errors.Messages).Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("name,email\nZoé,zoe@example.com\n")]
    [InlineData("FN:No begin\nEND:VCARD\n")]
    public void ShouldRefuseAFileWithoutAVCard(string text)
    {
        var e = Assert.Throws<ValidationFailedException>(() => VCard.Read(new StringReader(text)));
        Assert.True(e.Errors.ContainsKey("file"));
    }

    private static string Written(params ClientDto[] clients)
    {
        var w = new StringWriter();
        VCard.Write(w, clients);
        return w.ToString();
    }
}
