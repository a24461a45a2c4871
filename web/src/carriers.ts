// Carriers' public tracking pages, by the carrier code the shipment records. The sandbox carrier
// (API.md §7) has no public site; its link points at a reserved .example host.
export interface CarrierInfo { name: string; trackingUrl(trackingNumber: string): string }

const CARRIERS: Record<string, CarrierInfo> = {
  SANDBOX: { name: 'Sandbox Carrier', trackingUrl: (n) => `https://tracking.sandbox-carrier.example/track/${encodeURIComponent(n)}` },
  UPS: { name: 'UPS', trackingUrl: (n) => `https://www.ups.com/track?tracknum=${encodeURIComponent(n)}` },
  FEDEX: { name: 'FedEx', trackingUrl: (n) => `https://www.fedex.com/fedextrack/?trknbr=${encodeURIComponent(n)}` },
  USPS: { name: 'USPS', trackingUrl: (n) => `https://tools.usps.com/go/TrackConfirmAction?tLabels=${encodeURIComponent(n)}` },
  DHL: { name: 'DHL', trackingUrl: (n) => `https://www.dhl.com/global-en/home/tracking.html?tracking-id=${encodeURIComponent(n)}` },
};

export function carrierInfo(code: string): CarrierInfo {
  return CARRIERS[code.toUpperCase()] ?? { name: code, trackingUrl: (n) => `https://www.google.com/search?q=${encodeURIComponent(`${code} tracking ${n}`)}` };
}
