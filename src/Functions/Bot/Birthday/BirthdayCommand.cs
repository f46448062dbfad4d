using LoyaltyBot.Functions.Customers;
using LoyaltyBot.Functions.Rules;
using BirthDate = LoyaltyBot.Domain.Customers.Birthday;

namespace LoyaltyBot.Functions.Bot.Birthday;

/// <summary>
/// <c>/birthday</c> and its button: asks for day and month (the year optional), checks the date, and saves it once, with
/// its BirthdayIndex row for the greetings. Changing it later goes through the program owner.
/// </summary>
public sealed partial class BirthdayCommand(
    CustomerProfiles profiles, ProgramStore program, PendingInputs pending, MainMenu menu, TimeProvider time, ILogger<BirthdayCommand> logger)
    : IBotCommand, IBotInput
{
    public string Name => "birthday";

    public BotText Description { get; } = new("Указать день рождения", "Set your birthday");

    public BotText? Button { get; } = new("🎂 День рождения", "🎂 Birthday");

    public bool NeedsCustomer => true;

    public async Task HandleAsync(BotContext context, string argument)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await AlreadySetAsync(context))
        {
            return;
        }

        var rules = await program.GetAsync(context.Cancellation);
        await pending.SetAsync(context.From.Id, Name, "", context.Cancellation);
        await context.ReplyAsync(rules.BirthdayBonus > 0 ? BirthdayTexts.AskWithBonus : BirthdayTexts.Ask, null, rules.BirthdayBonus);
    }

    public async Task<bool> ReceiveAsync(BotContext context, string text)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await AlreadySetAsync(context))
        {
            return true;
        }

        var rules = await program.GetAsync(context.Cancellation);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), rules.Zone).DateTime);
        var parsed = BirthDate.Parse(text, today);
        if (!parsed.IsSuccess)
        {
            await context.ReplyAsync(parsed.Error!.Field switch
            {
                "date" => BirthdayTexts.NoSuchDate,
                "year" => BirthdayTexts.BadYear,
                _ => BirthdayTexts.BadFormat,
            }, null, BirthDate.EarliestYear, today.Year);
            return false;
        }

        var birthday = parsed.Value;
        var customerId = context.Customer!.CustomerId;
        var outcome = await profiles.SetBirthdayAsync(customerId, birthday, context.Cancellation);
        context.Customer = outcome?.Account ?? context.Customer;
        if (outcome is { Saved: true })
        {
            LogSaved(logger, customerId);
            await context.ReplyAsync(rules.BirthdayBonus > 0 ? BirthdayTexts.SavedWithBonus : BirthdayTexts.Saved, menu.Keyboard(context.Language),
                Format(birthday.Day, birthday.Month, birthday.Year, context.Language), rules.BirthdayBonus);
            return true;
        }

        await AlreadySetAsync(context);
        return true;
    }

    private async Task<bool> AlreadySetAsync(BotContext context)
    {
        if (context.Customer!.Profile is not { BirthDay: { } day, BirthMonth: { } month } profile)
        {
            return false;
        }

        await context.ReplyAsync(BirthdayTexts.AlreadySet, menu.Keyboard(context.Language), Format(day, month, profile.BirthYear, context.Language));
        return true;
    }

    /// <summary>"31 декабря" or "31 December 1990": the month in the user's language.</summary>
    public static string Format(int day, int month, int? year, string language) =>
        new DateTime(year ?? 2000, month, day, 0, 0, 0, DateTimeKind.Unspecified).ToString(year is null ? "d MMMM" : "d MMMM yyyy", BotText.CultureOf(language));

    [LoggerMessage(Level = LogLevel.Information, Message = "Customer {CustomerId} set their birthday")]
    private static partial void LogSaved(ILogger logger, string customerId);
}

public static class BirthdayTexts
{
    public static readonly BotText Ask = new(
        "Напишите дату рождения: день и месяц, например 31.12, или с годом — 31.12.1990. Год можно не указывать.",
        "Send me your birthday: day and month, such as 31.12, or with the year, 31.12.1990. The year is optional.");

    public static readonly BotText AskWithBonus = new(
        "Напишите дату рождения: день и месяц, например 31.12, или с годом — 31.12.1990. Год можно не указывать. В день рождения вас ждут {0:N0} баллов в подарок.",
        "Send me your birthday: day and month, such as 31.12, or with the year, 31.12.1990. The year is optional. On your birthday you will get {0:N0} points as a gift.");

    public static readonly BotText BadFormat = new(
        "Не понял дату. Напишите день и месяц через точку, например 31.12 или 31.12.1990.",
        "I didn't get that date. Please send day and month, such as 31.12 or 31.12.1990.");

    public static readonly BotText NoSuchDate = new(
        "Такой даты нет. Проверьте день и месяц и напишите ещё раз, например 31.12.",
        "There is no such date. Please check the day and month and try again, such as 31.12.");

    public static readonly BotText BadYear = new(
        "Год должен быть от {0} до {1}. Можно написать и без года: 31.12.",
        "The year must be from {0} to {1}. You can also leave it out: 31.12.");

    public static readonly BotText Saved = new(
        "Запомнил: {0}. Изменить дату потом можно только через организатора программы.",
        "Saved: {0}. Later it can only be changed through the program owner.");

    public static readonly BotText SavedWithBonus = new(
        "Запомнил: {0}. В этот день вы получите {1:N0} баллов в подарок. Изменить дату потом можно только через организатора программы.",
        "Saved: {0}. On that day you will get {1:N0} points as a gift. Later it can only be changed through the program owner.");

    public static readonly BotText AlreadySet = new(
        "Ваш день рождения — {0}. Изменить его можно только через организатора программы.",
        "Your birthday is {0}. It can only be changed through the program owner.");
}
