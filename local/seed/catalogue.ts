// The seeded catalogue: premium cigars of several houses and origins, plus a few accessories.
// Prices are integer cents (USD); stock is per region. Brands are the shop's own house names.

export type Strength = 'Mild' | 'Mild-Medium' | 'Medium' | 'Medium-Full' | 'Full';

export interface SeedProduct {
  readonly slug: string;
  readonly name: string;
  readonly brand: string;
  readonly category: string;
  readonly description: string;
  readonly price: number;
  readonly stock: number;
  readonly attributes: {
    readonly vitola?: string;
    readonly origin: string;
    readonly strength?: Strength;
    readonly ringGauge?: number;
    readonly lengthInches?: number;
    readonly wrapper?: string;
    readonly count?: number;
  };
}

interface Line {
  brand: string;
  origin: string;
  wrapper: string;
  strength: Strength;
  note: string;
  sizes: { vitola: string; category: string; ringGauge: number; lengthInches: number; price: number; stock: number }[];
}

const lines: Line[] = [
  { brand: 'Hacienda Oro', origin: 'Dominican Republic', wrapper: 'Connecticut Shade', strength: 'Mild',
    note: 'Creamy cedar and almond over a silky golden wrapper; a gentle morning smoke.',
    sizes: [
      { vitola: 'Robusto', category: 'Robusto', ringGauge: 50, lengthInches: 5, price: 1150, stock: 120 },
      { vitola: 'Toro', category: 'Toro', ringGauge: 52, lengthInches: 6, price: 1295, stock: 90 },
      { vitola: 'Churchill', category: 'Churchill', ringGauge: 48, lengthInches: 7, price: 1450, stock: 60 },
      { vitola: 'Petit Corona', category: 'Petit Corona', ringGauge: 42, lengthInches: 4.5, price: 895, stock: 150 },
    ] },
  { brand: 'Rio Negro', origin: 'Nicaragua', wrapper: 'San Andrés Maduro', strength: 'Full',
    note: 'Dark cocoa, espresso and black pepper from Estelí ligero; dense and slow burning.',
    sizes: [
      { vitola: 'Robusto', category: 'Robusto', ringGauge: 52, lengthInches: 5, price: 1400, stock: 80 },
      { vitola: 'Toro', category: 'Toro', ringGauge: 54, lengthInches: 6, price: 1550, stock: 70 },
      { vitola: 'Torpedo', category: 'Torpedo', ringGauge: 52, lengthInches: 6.125, price: 1675, stock: 45 },
      { vitola: 'Gordo', category: 'Gordo', ringGauge: 60, lengthInches: 6, price: 1725, stock: 40 },
      { vitola: 'Lancero', category: 'Lancero', ringGauge: 38, lengthInches: 7.5, price: 1595, stock: 25 },
    ] },
  { brand: 'Viejo Valle', origin: 'Honduras', wrapper: 'Habano Colorado', strength: 'Medium-Full',
    note: 'Jamastrán valley tobacco: red pepper, leather and a sweet cedar finish.',
    sizes: [
      { vitola: 'Robusto', category: 'Robusto', ringGauge: 50, lengthInches: 5, price: 1225, stock: 100 },
      { vitola: 'Corona', category: 'Corona', ringGauge: 44, lengthInches: 5.625, price: 1095, stock: 85 },
      { vitola: 'Toro', category: 'Toro', ringGauge: 52, lengthInches: 6, price: 1350, stock: 75 },
      { vitola: 'Churchill', category: 'Churchill', ringGauge: 50, lengthInches: 7, price: 1495, stock: 35 },
    ] },
  { brand: 'Casa Delmonte', origin: 'Dominican Republic', wrapper: 'Ecuador Habano', strength: 'Medium',
    note: 'Toasted bread, honey and white pepper; a balanced Cibao valley blend.',
    sizes: [
      { vitola: 'Robusto', category: 'Robusto', ringGauge: 50, lengthInches: 5, price: 1050, stock: 140 },
      { vitola: 'Corona', category: 'Corona', ringGauge: 42, lengthInches: 5.5, price: 975, stock: 110 },
      { vitola: 'Torpedo', category: 'Torpedo', ringGauge: 52, lengthInches: 6.125, price: 1275, stock: 65 },
      { vitola: 'Toro', category: 'Toro', ringGauge: 54, lengthInches: 6, price: 1195, stock: 95 },
    ] },
  { brand: 'Tabacalera Estelí', origin: 'Nicaragua', wrapper: 'Nicaraguan Corojo', strength: 'Medium-Full',
    note: 'Corojo spice with cinnamon, raisin and a long peppery retrohale.',
    sizes: [
      { vitola: 'Robusto', category: 'Robusto', ringGauge: 50, lengthInches: 5, price: 1325, stock: 90 },
      { vitola: 'Toro', category: 'Toro', ringGauge: 52, lengthInches: 6, price: 1425, stock: 80 },
      { vitola: 'Lancero', category: 'Lancero', ringGauge: 40, lengthInches: 7.5, price: 1495, stock: 30 },
      { vitola: 'Petit Corona', category: 'Petit Corona', ringGauge: 42, lengthInches: 4.5, price: 995, stock: 120 },
    ] },
  { brand: 'Maduro Reserva', origin: 'Mexico', wrapper: 'San Andrés Negro', strength: 'Full',
    note: 'Oily negro wrapper aged five years: molasses, dark chocolate and earth.',
    sizes: [
      { vitola: 'Robusto', category: 'Robusto', ringGauge: 54, lengthInches: 5, price: 1595, stock: 55 },
      { vitola: 'Gordo', category: 'Gordo', ringGauge: 60, lengthInches: 6, price: 1895, stock: 35 },
      { vitola: 'Churchill', category: 'Churchill', ringGauge: 48, lengthInches: 7, price: 1795, stock: 25 },
    ] },
  { brand: 'Isla Verde', origin: 'Costa Rica', wrapper: 'Cameroon', strength: 'Mild-Medium',
    note: 'Floral and nutty with a touch of sweetness from the Cameroon wrapper.',
    sizes: [
      { vitola: 'Corona', category: 'Corona', ringGauge: 44, lengthInches: 5.5, price: 1025, stock: 90 },
      { vitola: 'Robusto', category: 'Robusto', ringGauge: 50, lengthInches: 5, price: 1150, stock: 85 },
      { vitola: 'Toro', category: 'Toro', ringGauge: 52, lengthInches: 6, price: 1250, stock: 70 },
    ] },
  { brand: 'Sol de Jalapa', origin: 'Nicaragua', wrapper: 'Jalapa Sun Grown', strength: 'Medium',
    note: 'Sun-grown Jalapa leaf: caramel, cedar and roasted nuts, with a clean draw.',
    sizes: [
      { vitola: 'Robusto', category: 'Robusto', ringGauge: 50, lengthInches: 5, price: 1175, stock: 100 },
      { vitola: 'Toro', category: 'Toro', ringGauge: 52, lengthInches: 6, price: 1295, stock: 85 },
      { vitola: 'Torpedo', category: 'Torpedo', ringGauge: 52, lengthInches: 6.125, price: 1395, stock: 50 },
      { vitola: 'Churchill', category: 'Churchill', ringGauge: 48, lengthInches: 7, price: 1475, stock: 40 },
    ] },
  { brand: 'Gran Reserva 1962', origin: 'Dominican Republic', wrapper: 'Cameroon', strength: 'Medium',
    note: 'A limited release of twelve-year tobaccos; cedar, cream and baking spice. Allocated stock.',
    sizes: [
      { vitola: 'Robusto', category: 'Robusto', ringGauge: 50, lengthInches: 5, price: 4200, stock: 12 },
      { vitola: 'Churchill', category: 'Churchill', ringGauge: 48, lengthInches: 7, price: 5200, stock: 10 },
      { vitola: 'Torpedo', category: 'Torpedo', ringGauge: 52, lengthInches: 6.125, price: 4800, stock: 8 },
    ] },
  { brand: 'Valle de Copán', origin: 'Honduras', wrapper: 'Connecticut Broadleaf', strength: 'Medium-Full',
    note: 'Broadleaf sweetness over Honduran spice: dark fruit, coffee and oak.',
    sizes: [
      { vitola: 'Robusto', category: 'Robusto', ringGauge: 52, lengthInches: 5, price: 1275, stock: 75 },
      { vitola: 'Toro', category: 'Toro', ringGauge: 54, lengthInches: 6, price: 1395, stock: 60 },
      { vitola: 'Gordo', category: 'Gordo', ringGauge: 60, lengthInches: 6, price: 1525, stock: 45 },
    ] },
];

const accessories: SeedProduct[] = [
  { slug: 'double-guillotine-cutter', name: 'Double Guillotine Cutter', brand: 'BigSmokes', category: 'Accessories',
    description: 'Stainless double-blade cutter for ring gauges up to 60.', price: 2900, stock: 200,
    attributes: { origin: 'Germany' } },
  { slug: 'triple-jet-torch', name: 'Triple Jet Torch Lighter', brand: 'BigSmokes', category: 'Accessories',
    description: 'Windproof triple-flame butane torch with fuel window.', price: 4500, stock: 150,
    attributes: { origin: 'Japan' } },
  { slug: 'cedar-humidor-50', name: 'Spanish Cedar Humidor (50 count)', brand: 'BigSmokes', category: 'Accessories',
    description: 'Spanish cedar lined desktop humidor with hygrometer and humidifier.', price: 18900, stock: 30,
    attributes: { origin: 'Dominican Republic', count: 50 } },
  { slug: 'travel-case-3', name: 'Leather Travel Case (3 cigars)', brand: 'BigSmokes', category: 'Accessories',
    description: 'Full-grain leather case with cedar sleeve for three robustos.', price: 6500, stock: 60,
    attributes: { origin: 'Italy', count: 3 } },
];

function slugify(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/(^-|-$)/g, '');
}

export const catalogue: readonly SeedProduct[] = [
  ...lines.flatMap((line) => line.sizes.map((size): SeedProduct => ({
    slug: slugify(`${line.brand} ${size.vitola}`),
    name: `${line.brand} ${size.vitola}`,
    brand: line.brand,
    category: size.category,
    description: `${line.note} ${size.vitola}, ${size.lengthInches}" × ${size.ringGauge}, ${line.wrapper} wrapper.`,
    price: size.price,
    stock: size.stock,
    attributes: {
      vitola: size.vitola, origin: line.origin, strength: line.strength, ringGauge: size.ringGauge,
      lengthInches: size.lengthInches, wrapper: line.wrapper,
    },
  }))),
  ...accessories,
];
