// The dashboard: the admin API's figures and forms, in Russian and English. The browser holds no key: the session
// cookie (HttpOnly) rides along, and every call carries X-Dashboard, without which the app refuses a cookie's POST.
'use strict';

const texts = {
  en: {
    'title': 'LoyaltyBot dashboard', 'signin.key': 'Admin key', 'signin.submit': 'Sign in', 'signin.refused': 'The key is wrong.',
    'signin.hint': 'The key stays on the server: the browser keeps only a session that expires.', 'signout': 'Sign out',
    'nav.figures': 'Figures', 'nav.merchants': 'Merchants', 'nav.rules': 'Program rules', 'nav.campaigns': 'Campaigns',
    'nav.offers': 'Offers', 'nav.broadcasts': 'Broadcasts',
    'period.from': 'From', 'period.to': 'To', 'period.merchant': 'Merchant', 'period.allMerchants': 'All merchants',
    'period.today': 'Today', 'period.7': '7 days', 'period.30': '30 days', 'period.90': '90 days', 'period.show': 'Show',
    'kpi.members': 'Members', 'kpi.newMembers': 'New members', 'kpi.activeCustomers': 'Active customers', 'kpi.purchases': 'Purchases',
    'kpi.revenue': 'Revenue', 'kpi.averageOrderValue': 'Average order value', 'kpi.purchaseFrequency': 'Purchases per customer',
    'kpi.repeatPurchaseRate': 'Repeat-purchase rate', 'kpi.retentionRate': 'Retention rate', 'kpi.customerLifetimeValue': 'Customer lifetime value',
    'kpi.refunds': 'Refunds', 'kpi.refunded': 'Refunded', 'kpi.pointsIssued': 'Points issued', 'kpi.pointsRedeemed': 'Points redeemed',
    'kpi.pointsExpired': 'Points expired', 'kpi.pointsOutstanding': 'Points outstanding', 'kpi.liability': 'Points liability',
    'kpi.breakageRate': 'Breakage rate', 'kpi.redemptionRate': 'Redemption rate', 'kpi.referralConversions': 'Referral conversions',
    'kpi.birthdayBonuses': 'Birthday bonuses', 'kpi.programCost': 'Program cost', 'kpi.incrementalRevenue': 'Incremental revenue',
    'kpi.roi': 'Program ROI', 'kpi.engagementRate': 'Engagement rate', 'kpi.phoneBindingRate': 'Phone-binding rate',
    'kpi.birthdayBonusUseRate': 'Birthday-bonus use', 'kpi.reviews': 'Reviews', 'kpi.averageRating': 'Average rating',
    'charts.title': 'Over time', 'charts.missing': 'The daily figures are not available yet.', 'charts.members': 'Members',
    'charts.purchases': 'Purchases', 'charts.points': 'Points issued, redeemed and expired', 'charts.aov': 'Average order value',
    'tiers.title': 'Members by tier', 'tiers.missing': 'The tier distribution is not available yet.', 'tiers.tier': 'Tier', 'tiers.members': 'Members',
    'top.title': 'Top merchants', 'top.missing': "The merchants' figures are not available yet.", 'top.name': 'Merchant',
    'merchants.name': 'Name', 'merchants.id': 'Id', 'merchants.created': 'Created', 'merchants.create': 'Create merchant',
    'merchants.secret': 'Secret', 'merchants.secretOnce': "The merchant's secret, shown only now: give it to the till.",
    'merchants.rotate': 'Rotate secret', 'merchants.rotateConfirm': "Rotate this merchant's secret? The old one keeps signing for 24 hours.",
    'merchants.rotated': 'New secret, shown only now; the previous one signs until', 'more': 'More',
    'rules.hint': 'The whole rules document, as JSON; every field is checked before any of it is saved.', 'rules.save': 'Save rules',
    'rules.reload': 'Reload', 'rules.saved': 'Saved.', 'rules.notJson': 'This is not JSON',
    'campaigns.name': 'Name', 'campaigns.startsAt': 'Starts', 'campaigns.endsAt': 'Ends', 'campaigns.multiplier': 'Points ×',
    'campaigns.categories': 'Categories (comma-separated, empty: all)', 'campaigns.merchantIds': 'Merchant ids (comma-separated, empty: all)',
    'campaigns.stackable': 'Stacks with other campaigns', 'campaigns.create': 'Create campaign', 'end': 'End', 'endConfirm': 'End it now?',
    'status': 'Status', 'status.scheduled': 'scheduled', 'status.running': 'running', 'status.ended': 'ended',
    'offers.name': 'Name', 'offers.trigger': 'For whom', 'offers.trigger.tier': 'Members of tiers', 'offers.trigger.category': 'Buyers of categories',
    'offers.trigger.birthday': 'Before a birthday', 'offers.trigger.winBack': 'Inactive members (win back)', 'offers.multiplier': 'Points ×',
    'offers.validDays': 'Valid days', 'offers.categories': 'Categories it multiplies (comma-separated)', 'offers.tiers': 'Tiers (comma-separated)',
    'offers.boughtCategories': 'Bought categories (comma-separated)', 'offers.inactiveDays': 'Inactive days',
    'offers.daysBeforeBirthday': 'Days before the birthday', 'offers.create': 'Create offer',
    'unavailable': 'This part of the admin API is not available on this server.',
    'broadcasts.segment': 'Segment', 'broadcasts.textRu': 'Text in Russian', 'broadcasts.textEn': 'Text in English',
    'broadcasts.preview': 'Preview', 'broadcasts.send': 'Send', 'broadcasts.recipients': 'Recipients', 'broadcasts.skipped': 'Cannot be reached',
    'broadcasts.sent': 'Sent', 'broadcasts.when': 'When', 'broadcasts.sendConfirm': 'Send this message to {0} members?',
    'segment.all': 'Everyone', 'segment.new': 'New', 'segment.champions': 'Champions', 'segment.loyal': 'Loyal', 'segment.atRisk': 'At risk',
    'segment.lost': 'Lost', 'segment.birthdayThisMonth': 'Birthday this month', 'segment.tier': 'Tier',
    'failed': 'The server answered', 'offline': 'The server cannot be reached.',
  },
  ru: {
    'title': 'Панель LoyaltyBot', 'signin.key': 'Ключ администратора', 'signin.submit': 'Войти', 'signin.refused': 'Неверный ключ.',
    'signin.hint': 'Ключ остаётся на сервере: браузер хранит только сессию с ограниченным сроком.', 'signout': 'Выйти',
    'nav.figures': 'Показатели', 'nav.merchants': 'Магазины', 'nav.rules': 'Правила программы', 'nav.campaigns': 'Акции',
    'nav.offers': 'Предложения', 'nav.broadcasts': 'Рассылки',
    'period.from': 'С', 'period.to': 'По', 'period.merchant': 'Магазин', 'period.allMerchants': 'Все магазины',
    'period.today': 'Сегодня', 'period.7': '7 дней', 'period.30': '30 дней', 'period.90': '90 дней', 'period.show': 'Показать',
    'kpi.members': 'Участники', 'kpi.newMembers': 'Новые участники', 'kpi.activeCustomers': 'Активные покупатели', 'kpi.purchases': 'Покупки',
    'kpi.revenue': 'Выручка', 'kpi.averageOrderValue': 'Средний чек', 'kpi.purchaseFrequency': 'Покупок на покупателя',
    'kpi.repeatPurchaseRate': 'Доля повторных покупок', 'kpi.retentionRate': 'Удержание', 'kpi.customerLifetimeValue': 'Ценность клиента (LTV)',
    'kpi.refunds': 'Возвраты', 'kpi.refunded': 'Возвращено', 'kpi.pointsIssued': 'Начислено баллов', 'kpi.pointsRedeemed': 'Списано баллов',
    'kpi.pointsExpired': 'Сгорело баллов', 'kpi.pointsOutstanding': 'Баллов на счетах', 'kpi.liability': 'Обязательства по баллам',
    'kpi.breakageRate': 'Доля сгорания', 'kpi.redemptionRate': 'Доля списания', 'kpi.referralConversions': 'Приглашённые с покупкой',
    'kpi.birthdayBonuses': 'Бонусы ко дню рождения', 'kpi.programCost': 'Стоимость программы', 'kpi.incrementalRevenue': 'Дополнительная выручка',
    'kpi.roi': 'ROI программы', 'kpi.engagementRate': 'Вовлечённость', 'kpi.phoneBindingRate': 'Привязали телефон',
    'kpi.birthdayBonusUseRate': 'Использовали бонус ко дню рождения', 'kpi.reviews': 'Отзывы', 'kpi.averageRating': 'Средняя оценка',
    'charts.title': 'Динамика', 'charts.missing': 'Показатели по дням пока недоступны.', 'charts.members': 'Участники',
    'charts.purchases': 'Покупки', 'charts.points': 'Баллы: начислено, списано, сгорело', 'charts.aov': 'Средний чек',
    'tiers.title': 'Участники по уровням', 'tiers.missing': 'Распределение по уровням пока недоступно.', 'tiers.tier': 'Уровень', 'tiers.members': 'Участники',
    'top.title': 'Лучшие магазины', 'top.missing': 'Показатели магазинов пока недоступны.', 'top.name': 'Магазин',
    'merchants.name': 'Название', 'merchants.id': 'Id', 'merchants.created': 'Создан', 'merchants.create': 'Создать магазин',
    'merchants.secret': 'Секрет', 'merchants.secretOnce': 'Секрет магазина показан только сейчас: передайте его кассе.',
    'merchants.rotate': 'Сменить секрет', 'merchants.rotateConfirm': 'Сменить секрет магазина? Старый будет действовать ещё 24 часа.',
    'merchants.rotated': 'Новый секрет, показан только сейчас; прежний действует до', 'more': 'Ещё',
    'rules.hint': 'Весь документ правил в JSON; каждое поле проверяется до сохранения.', 'rules.save': 'Сохранить правила',
    'rules.reload': 'Загрузить заново', 'rules.saved': 'Сохранено.', 'rules.notJson': 'Это не JSON',
    'campaigns.name': 'Название', 'campaigns.startsAt': 'Начало', 'campaigns.endsAt': 'Конец', 'campaigns.multiplier': 'Баллы ×',
    'campaigns.categories': 'Категории (через запятую, пусто — все)', 'campaigns.merchantIds': 'Id магазинов (через запятую, пусто — все)',
    'campaigns.stackable': 'Суммируется с другими акциями', 'campaigns.create': 'Создать акцию', 'end': 'Завершить', 'endConfirm': 'Завершить сейчас?',
    'status': 'Статус', 'status.scheduled': 'запланирована', 'status.running': 'идёт', 'status.ended': 'завершена',
    'offers.name': 'Название', 'offers.trigger': 'Для кого', 'offers.trigger.tier': 'Участники уровней', 'offers.trigger.category': 'Покупатели категорий',
    'offers.trigger.birthday': 'Перед днём рождения', 'offers.trigger.winBack': 'Неактивные участники (вернуть)', 'offers.multiplier': 'Баллы ×',
    'offers.validDays': 'Действует дней', 'offers.categories': 'Категории с множителем (через запятую)', 'offers.tiers': 'Уровни (через запятую)',
    'offers.boughtCategories': 'Купленные категории (через запятую)', 'offers.inactiveDays': 'Дней без покупок',
    'offers.daysBeforeBirthday': 'Дней до дня рождения', 'offers.create': 'Создать предложение',
    'unavailable': 'Эта часть API администратора на этом сервере недоступна.',
    'broadcasts.segment': 'Сегмент', 'broadcasts.textRu': 'Текст по-русски', 'broadcasts.textEn': 'Текст по-английски',
    'broadcasts.preview': 'Предпросмотр', 'broadcasts.send': 'Отправить', 'broadcasts.recipients': 'Получатели', 'broadcasts.skipped': 'Недоступны',
    'broadcasts.sent': 'Отправлено', 'broadcasts.when': 'Когда', 'broadcasts.sendConfirm': 'Отправить сообщение {0} участникам?',
    'segment.all': 'Все', 'segment.new': 'Новые', 'segment.champions': 'Чемпионы', 'segment.loyal': 'Лояльные', 'segment.atRisk': 'Под угрозой ухода',
    'segment.lost': 'Ушедшие', 'segment.birthdayThisMonth': 'День рождения в этом месяце', 'segment.tier': 'Уровень',
    'failed': 'Сервер ответил', 'offline': 'Сервер недоступен.',
  },
};

// The tiles, in order, with how each figure reads; a number the API adds later gets a tile of its own after these.
const tiles = [
  ['members', 'count'], ['newMembers', 'count'], ['activeCustomers', 'count'], ['purchases', 'count'], ['revenue', 'money'],
  ['averageOrderValue', 'money'], ['purchaseFrequency', 'decimal'], ['repeatPurchaseRate', 'rate'], ['retentionRate', 'rate'],
  ['customerLifetimeValue', 'money'], ['refunds', 'count'], ['refunded', 'money'], ['pointsIssued', 'count'], ['pointsRedeemed', 'count'],
  ['pointsExpired', 'count'], ['pointsOutstanding', 'count'], ['liability', 'money'], ['breakageRate', 'rate'], ['redemptionRate', 'rate'],
  ['programCost', 'money'], ['incrementalRevenue', 'money'], ['roi', 'rate'], ['engagementRate', 'rate'], ['referralConversions', 'count'],
  ['phoneBindingRate', 'rate'], ['birthdayBonuses', 'count'], ['birthdayBonusUseRate', 'rate'], ['reviews', 'count'], ['averageRating', 'decimal'],
];
const segments = ['all', 'new', 'champions', 'loyal', 'atRisk', 'lost', 'birthdayThisMonth'];
const colors = ['#2f6fde', '#1d8a4e', '#c0392b', '#d68910', '#7d3c98', '#17a2b8', '#5b6475'];

let language = 'en';
let report = null;
const charts = {};
const $ = id => document.getElementById(id);

function t(key) { return texts[language][key] ?? texts.en[key] ?? key; }

function locale() { return language === 'ru' ? 'ru-RU' : 'en-US'; }

function format(value, kind) {
  if (value === null || value === undefined) return '—';
  const options = {
    count: { maximumFractionDigits: 0 }, money: { maximumFractionDigits: 2 }, decimal: { maximumFractionDigits: 2 },
    rate: { style: 'percent', maximumFractionDigits: 1 },
  }[kind];
  return new Intl.NumberFormat(locale(), options).format(value);
}

function formatTime(iso) {
  return iso ? new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '—';
}

function applyLanguage(chosen) {
  language = texts[chosen] ? chosen : 'en';
  localStorage.setItem('dashboard.language', language);
  document.documentElement.lang = language;
  document.title = t('title');
  for (const element of document.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
  $('language').value = language;
}

// --- Talking to the admin API -------------------------------------------------------------------------------------

async function api(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: { 'X-Dashboard': '1', Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    fail(t('offline'));
    throw new Error('offline');
  }
  if (response.status === 401) {
    // The session expired or the admin key was rotated: the page itself now answers with the sign-in form.
    location.assign(location.pathname);
    throw new Error('signed out');
  }
  const text = await response.text();
  return { ok: response.ok, status: response.status, json: text ? JSON.parse(text) : null };
}

function fail(message) {
  $('failure').textContent = message;
  $('failure').hidden = false;
  setTimeout(() => { $('failure').hidden = true; }, 8000);
}

// A problem+json answer under its form: each field's messages, the fields marked; else its title and detail.
function showProblem(list, form, answer) {
  list.replaceChildren();
  form?.querySelectorAll('[aria-invalid]').forEach(field => field.removeAttribute('aria-invalid'));
  if (!answer) return;
  const problem = answer.json ?? {};
  const errors = Object.entries(problem.errors ?? {});
  if (errors.length === 0) errors.push(['', [problem.detail ?? problem.title ?? `${t('failed')} ${answer.status}`]]);
  for (const [field, messages] of errors) {
    const item = document.createElement('li');
    if (field) {
      const name = document.createElement('code');
      name.textContent = field;
      item.append(name, ': ');
      form?.querySelector(`[name="${CSS.escape(field)}"]`)?.setAttribute('aria-invalid', 'true');
    }
    item.append([].concat(messages).join('; '));
    item.dataset.field = field;
    list.append(item);
  }
}

function cell(row, text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  row.append(td);
  return td;
}

function button(row, label, onClick) {
  const td = document.createElement('td');
  const action = document.createElement('button');
  action.type = 'button';
  action.className = 'secondary';
  action.textContent = label;
  action.addEventListener('click', onClick);
  td.append(action);
  row.append(td);
}

const list = text => text.split(',').map(s => s.trim()).filter(s => s.length > 0);

function withOptional(body, name, value) {
  if (Array.isArray(value) ? value.length > 0 : value !== '' && value !== undefined) body[name] = value;
  return body;
}

// --- Figures ------------------------------------------------------------------------------------------------------

function isoDay(date) {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

// Today in the program's time zone (the KPIs' days), not the browser's: they differ around midnight and across zones.
function programToday() {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: programZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date());
  const part = type => Number(parts.find(p => p.type === type).value);
  return new Date(part('year'), part('month') - 1, part('day'));
}

function setPeriod(days) {
  const to = programToday();
  const from = new Date(to);
  from.setDate(to.getDate() - days + 1);
  $('period-from').value = isoDay(from);
  $('period-to').value = isoDay(to);
}

async function loadFigures() {
  const query = new URLSearchParams({ from: $('period-from').value, to: $('period-to').value });
  if ($('period-merchant').value) query.set('merchantId', $('period-merchant').value);
  const answer = await api('GET', `/api/admin/kpis?${query}`);
  showProblem($('period-errors'), $('period'), answer.ok ? null : answer);
  if (!answer.ok) return;
  report = answer.json;
  renderFigures();
}

function renderFigures() {
  if (!report) return;
  renderTiles();
  renderCharts();
  renderTiers();
  renderTopMerchants();
}

function renderTiles() {
  const known = new Set(tiles.map(([field]) => field));
  const added = Object.keys(report).filter(field => !known.has(field) && typeof report[field] === 'number').map(field => [field, 'decimal']);
  const shown = tiles.filter(([field]) => field in report).concat(added);
  $('tiles').replaceChildren(...shown.map(([field, kind]) => {
    const tile = document.createElement('div');
    tile.className = 'tile';
    tile.id = `kpi-${field}`;
    tile.dataset.value = report[field] ?? '';
    const label = document.createElement('span');
    label.className = 'label';
    label.textContent = texts.en[`kpi.${field}`] ? t(`kpi.${field}`) : field;
    const value = document.createElement('span');
    value.className = 'value';
    value.textContent = format(report[field], kind);
    tile.append(label, value);
    return tile;
  }));
}

function drawChart(id, type, labels, datasets, options = {}) {
  charts[id]?.destroy();
  charts[id] = new Chart($(id), {
    type,
    data: { labels, datasets: datasets.map((d, i) => ({ borderColor: colors[i], backgroundColor: colors[i], tension: 0.2, pointRadius: 2, ...d })) },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false, locale: locale(),
      plugins: { legend: { display: datasets.length > 1 || type === 'doughnut' } }, ...options,
    },
  });
}

function renderCharts() {
  const days = report.days;
  $('charts-missing').hidden = Array.isArray(days);
  $('charts').hidden = !Array.isArray(days);
  if (!Array.isArray(days)) return;
  const labels = days.map(d => new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short' }).format(new Date(`${d.day}T00:00:00`)));
  const series = field => days.map(d => d[field] ?? 0);
  drawChart('chart-members', 'line', labels, [{ label: t('kpi.members'), data: series('members') }, { label: t('kpi.newMembers'), data: series('newMembers') }]);
  drawChart('chart-purchases', 'bar', labels, [{ label: t('kpi.purchases'), data: series('purchases') }]);
  drawChart('chart-points', 'line', labels, ['pointsIssued', 'pointsRedeemed', 'pointsExpired'].map(field => ({ label: t(`kpi.${field}`), data: series(field) })));
  drawChart('chart-aov', 'line', labels, [{ label: t('kpi.averageOrderValue'), data: series('averageOrderValue') }]);
}

function renderTiers() {
  const distribution = report.tierDistribution;
  $('tiers-missing').hidden = !!distribution;
  $('tiers-figure').hidden = !distribution;
  $('tiers-table').hidden = !distribution;
  if (!distribution) return;
  const entries = Object.entries(distribution);
  drawChart('chart-tiers', 'doughnut', entries.map(([tier]) => tier), [{ data: entries.map(([, members]) => members), backgroundColor: colors, borderColor: '#fff' }]);
  $('tiers-table').tBodies[0].replaceChildren(...entries.map(([tier, members]) => {
    const row = document.createElement('tr');
    cell(row, tier);
    cell(row, format(members, 'count'), 'number');
    return row;
  }));
}

function renderTopMerchants() {
  const merchants = report.merchants;
  $('top-missing').hidden = Array.isArray(merchants);
  $('top-merchants').hidden = !Array.isArray(merchants);
  if (!Array.isArray(merchants)) return;
  $('top-merchants').tBodies[0].replaceChildren(...merchants.slice(0, 10).map(m => {
    const row = document.createElement('tr');
    cell(row, m.name ?? m.merchantId);
    cell(row, format(m.purchases, 'count'), 'number');
    cell(row, format(m.revenue, 'money'), 'number');
    cell(row, format(m.pointsIssued, 'count'), 'number');
    cell(row, format(m.pointsRedeemed, 'count'), 'number');
    return row;
  }));
}

// --- Merchants ----------------------------------------------------------------------------------------------------

let merchantsAfter = null;

async function loadMerchants(more) {
  const query = new URLSearchParams({ pageSize: '100' });
  if (more && merchantsAfter) query.set('after', merchantsAfter);
  const answer = await api('GET', `/api/admin/merchants?${query}`);
  if (!answer.ok) return;
  const body = $('merchant-list').tBodies[0];
  const picker = $('period-merchant');
  if (!more) {
    body.replaceChildren();
    picker.replaceChildren(picker.options[0]);
  }
  for (const merchant of answer.json.merchants) {
    const row = document.createElement('tr');
    cell(row, merchant.name);
    cell(row, merchant.merchantId);
    cell(row, formatTime(merchant.createdAt));
    button(row, t('merchants.rotate'), () => rotateSecret(merchant.merchantId));
    body.append(row);
    picker.append(new Option(merchant.name, merchant.merchantId));
  }
  merchantsAfter = answer.json.next ?? null;
  $('merchant-more').hidden = !merchantsAfter;
}

function showSecret(intro, merchantId, secret) {
  $('merchant-secret').querySelector('p').textContent = intro;
  $('merchant-secret-id').textContent = merchantId;
  $('merchant-secret-value').textContent = secret;
  $('merchant-secret').hidden = false;
}

async function createMerchant(event) {
  event.preventDefault();
  const form = event.target;
  const answer = await api('POST', '/api/admin/merchants', { name: $('merchant-name').value });
  showProblem($('merchant-form-errors'), form, answer.ok ? null : answer);
  if (!answer.ok) return;
  showSecret(t('merchants.secretOnce'), answer.json.merchantId, answer.json.secret);
  form.reset();
  await loadMerchants(false);
}

async function rotateSecret(merchantId) {
  if (!confirm(t('merchants.rotateConfirm'))) return;
  const answer = await api('POST', `/api/admin/merchants/${encodeURIComponent(merchantId)}/secret`);
  if (!answer.ok) {
    fail(answer.json?.detail ?? `${t('failed')} ${answer.status}`);
    return;
  }
  showSecret(`${t('merchants.rotated')} ${formatTime(answer.json.previousSecretValidUntil)}.`, answer.json.merchantId, answer.json.secret);
}

// --- Program rules ------------------------------------------------------------------------------------------------

let tierNames = [];
// The browser's zone until the program's rules answer.
let programZone = Intl.DateTimeFormat().resolvedOptions().timeZone;

async function loadRules() {
  const answer = await api('GET', '/api/admin/program');
  if (!answer.ok) return;
  $('rules-json').value = JSON.stringify(answer.json, null, 2);
  tierNames = (answer.json.tiers ?? []).map(tier => tier.name);
  programZone = answer.json.timeZone ?? programZone;
  showProblem($('rules-form-errors'), null, null);
}

async function saveRules(event) {
  event.preventDefault();
  $('rules-saved').hidden = true;
  let rules;
  try {
    rules = JSON.parse($('rules-json').value);
  } catch (error) {
    showProblem($('rules-form-errors'), null, { status: 400, json: { errors: { $: [`${t('rules.notJson')}: ${error.message}`] } } });
    return;
  }
  const answer = await api('PUT', '/api/admin/program', rules);
  showProblem($('rules-form-errors'), null, answer.ok ? null : answer);
  if (!answer.ok) return;
  $('rules-json').value = JSON.stringify(answer.json, null, 2);
  programZone = answer.json.timeZone ?? programZone;
  $('rules-saved').hidden = false;
}

// --- Campaigns and offers -----------------------------------------------------------------------------------------

function statusText(status) { return texts.en[`status.${status}`] ? t(`status.${status}`) : status; }

async function endItem(path, reload) {
  if (!confirm(t('endConfirm'))) return;
  const answer = await api('DELETE', path);
  if (!answer.ok) fail(answer.json?.detail ?? `${t('failed')} ${answer.status}`);
  await reload();
}

async function loadCampaigns() {
  const answer = await api('GET', '/api/admin/campaigns');
  if (!answer.ok) return;
  $('campaign-list').tBodies[0].replaceChildren(...answer.json.campaigns.map(campaign => {
    const row = document.createElement('tr');
    row.dataset.campaignId = campaign.campaignId;
    cell(row, campaign.name);
    cell(row, formatTime(campaign.startsAt));
    cell(row, formatTime(campaign.endsAt));
    cell(row, format(campaign.multiplier, 'decimal'), 'number');
    cell(row, statusText(campaign.status));
    if (campaign.status === 'ended') cell(row, '');
    else button(row, t('end'), () => endItem(`/api/admin/campaigns/${encodeURIComponent(campaign.campaignId)}`, loadCampaigns));
    return row;
  }));
}

// A datetime-local field's value, a time on this computer's clock, as the API takes it: ISO 8601 in UTC.
const instant = value => (value ? new Date(value).toISOString() : value);

async function createCampaign(event) {
  event.preventDefault();
  const form = event.target;
  const body = {
    name: $('campaign-name').value, startsAt: instant($('campaign-starts').value), endsAt: instant($('campaign-ends').value),
    multiplier: Number($('campaign-multiplier').value), stackable: $('campaign-stackable').checked,
  };
  withOptional(body, 'categories', list($('campaign-categories').value));
  withOptional(body, 'merchantIds', list($('campaign-merchants').value));
  const answer = await api('POST', '/api/admin/campaigns', body);
  showProblem($('campaign-form-errors'), form, answer.ok ? null : answer);
  if (!answer.ok) return;
  form.reset();
  await loadCampaigns();
}

async function loadOffers() {
  const answer = await api('GET', '/api/admin/offers');
  $('offers-missing').hidden = answer.status !== 404;
  $('offer-form').hidden = answer.status === 404;
  $('offer-list').hidden = answer.status === 404;
  if (!answer.ok) return;
  $('offer-list').tBodies[0].replaceChildren(...answer.json.offerRules.map(offer => {
    const row = document.createElement('tr');
    row.dataset.offerRuleId = offer.offerRuleId;
    cell(row, offer.name);
    cell(row, t(`offers.trigger.${offer.trigger}`));
    cell(row, format(offer.multiplier, 'decimal'), 'number');
    cell(row, format(offer.validDays, 'count'), 'number');
    cell(row, statusText(offer.status));
    if (offer.status === 'ended') cell(row, '');
    else button(row, t('end'), () => endItem(`/api/admin/offers/${encodeURIComponent(offer.offerRuleId)}`, loadOffers));
    return row;
  }));
}

async function createOffer(event) {
  event.preventDefault();
  const form = event.target;
  const body = {
    name: $('offer-name').value, trigger: $('offer-trigger').value,
    multiplier: Number($('offer-multiplier').value), validDays: Number($('offer-valid-days').value),
  };
  withOptional(body, 'categories', list($('offer-categories').value));
  withOptional(body, 'tiers', list($('offer-tiers').value));
  withOptional(body, 'boughtCategories', list($('offer-bought').value));
  withOptional(body, 'inactiveDays', $('offer-inactive-days').value && Number($('offer-inactive-days').value));
  withOptional(body, 'daysBeforeBirthday', $('offer-days-before').value && Number($('offer-days-before').value));
  const answer = await api('POST', '/api/admin/offers', body);
  showProblem($('offer-form-errors'), form, answer.ok ? null : answer);
  if (!answer.ok) return;
  form.reset();
  await loadOffers();
}

// --- Broadcasts ---------------------------------------------------------------------------------------------------

function segmentLabel(segment) {
  return segment.startsWith('tier:') ? `${t('segment.tier')}: ${segment.slice(5)}` : t(`segment.${segment}`);
}

async function loadSegments() {
  const answer = await api('GET', '/api/admin/segments');
  const known = answer.ok
    ? answer.json.segments.map(s => [s.segment, `${segmentLabel(s.segment)} (${format(s.members, 'count')})`])
    : segments.concat(tierNames.map(name => `tier:${name}`)).map(s => [s, segmentLabel(s)]);
  const picker = $('broadcast-segment');
  const chosen = picker.value;
  picker.replaceChildren(...known.map(([value, label]) => new Option(label, value)));
  if (chosen) picker.value = chosen;
}

function broadcastBody() {
  return { segment: $('broadcast-segment').value, text: { ru: $('broadcast-text-ru').value, en: $('broadcast-text-en').value } };
}

async function previewBroadcast(event) {
  event.preventDefault();
  const form = event.target;
  const answer = await api('POST', '/api/admin/broadcasts/preview', broadcastBody());
  showProblem($('broadcast-form-errors'), form, answer.ok ? null : answer);
  $('broadcast-result').hidden = !answer.ok;
  $('broadcast-send').disabled = !answer.ok;
  $('broadcast-sent').hidden = true;
  if (!answer.ok) return;
  $('broadcast-recipients').textContent = format(answer.json.recipients, 'count');
  $('broadcast-skipped').textContent = format(answer.json.skipped, 'count');
  $('broadcast-preview-ru').textContent = answer.json.preview?.ru ?? '';
  $('broadcast-preview-en').textContent = answer.json.preview?.en ?? '';
  $('broadcast-send').dataset.recipients = answer.json.recipients;
}

async function sendBroadcast() {
  if (!confirm(t('broadcasts.sendConfirm').replace('{0}', $('broadcast-send').dataset.recipients))) return;
  $('broadcast-send').disabled = true;
  const answer = await api('POST', '/api/admin/broadcasts', broadcastBody());
  showProblem($('broadcast-form-errors'), $('broadcast-form'), answer.ok ? null : answer);
  if (!answer.ok) return;
  $('broadcast-recipients').textContent = format(answer.json.recipients, 'count');
  $('broadcast-skipped').textContent = format(answer.json.skipped, 'count');
  $('broadcast-id').textContent = answer.json.broadcastId;
  $('broadcast-sent').hidden = false;
  await loadBroadcasts();
}

async function loadBroadcasts() {
  const answer = await api('GET', '/api/admin/broadcasts');
  $('broadcast-list').hidden = !answer.ok;
  if (!answer.ok) return;
  $('broadcast-list').tBodies[0].replaceChildren(...(answer.json.broadcasts ?? []).map(b => {
    const row = document.createElement('tr');
    cell(row, segmentLabel(b.segment ?? ''));
    cell(row, format(b.recipients, 'count'), 'number');
    cell(row, format(b.skipped, 'count'), 'number');
    cell(row, formatTime(b.createdAt ?? b.sentAt));
    return row;
  }));
}

// --- Start --------------------------------------------------------------------------------------------------------

function startDashboard() {
  $('signout').addEventListener('click', async () => {
    await fetch('/api/dashboard/session', { method: 'DELETE', credentials: 'same-origin', headers: { 'X-Dashboard': '1' } });
    location.assign(location.pathname);
  });
  $('period').addEventListener('submit', event => { event.preventDefault(); loadFigures(); });
  for (const preset of document.querySelectorAll('[data-days]')) {
    preset.addEventListener('click', () => { setPeriod(Number(preset.dataset.days)); loadFigures(); });
  }
  $('merchant-form').addEventListener('submit', createMerchant);
  $('merchant-more').addEventListener('click', () => loadMerchants(true));
  $('rules-form').addEventListener('submit', saveRules);
  $('rules-reload').addEventListener('click', loadRules);
  $('campaign-form').addEventListener('submit', createCampaign);
  $('offer-form').addEventListener('submit', createOffer);
  $('broadcast-form').addEventListener('submit', previewBroadcast);
  // A changed text or segment needs a new preview before it can be sent.
  $('broadcast-form').addEventListener('input', () => { $('broadcast-send').disabled = true; });
  $('broadcast-send').addEventListener('click', sendBroadcast);
  loadMerchants(false);
  // The period's days are the program's: its rules come first.
  loadRules().then(() => {
    setPeriod(30);
    loadFigures();
    loadSegments();
  });
  loadCampaigns();
  loadOffers();
  loadBroadcasts();
}

document.addEventListener('DOMContentLoaded', () => {
  applyLanguage(localStorage.getItem('dashboard.language') ?? (navigator.language.toLowerCase().startsWith('ru') ? 'ru' : 'en'));
  $('language').addEventListener('change', () => {
    applyLanguage($('language').value);
    renderFigures();
    if (document.body.classList.contains('dashboard')) {
      loadMerchants(false);
      loadCampaigns();
      loadOffers();
      loadSegments();
      loadBroadcasts();
    }
  });
  if (document.body.classList.contains('dashboard')) startDashboard();
});
