import type { Exemption } from './rules/registry.types.ts';

/**
 * Static data of the demo region, modelled on Regione Basilicata (tender in seeds/003): the four public
 * health organisations federated by the regional CUP, their facilities, an outpatient catalogue, and
 * names and birthplaces for synthetic patients.
 *
 * Places, organisations and Belfiore codes are real. Street addresses and coordinates are approximate,
 * and service codes and tariffs follow the style of the national outpatient nomenclatore (DPCM 12/01/2017,
 * DM 22/07/1996) without being the official regional catalogue: this is demo data.
 */

export type OrganisationKind = 'asl' | 'ao' | 'irccs';

export interface DemoOrganisation {
  id: string;
  name: string;
  kind: OrganisationKind;
}

export interface DemoFacility {
  id: string;
  organisationId: string;
  name: string;
  address: string;
  municipality: string;
  district: string;
  latitude: number;
  longitude: number;
}

export type ServiceKind = 'visit' | 'instrumental' | 'lab';

export interface DemoService {
  code: string;
  description: string;
  kind: ServiceKind;
  /** Specialty branch (branca specialistica), in Italian. */
  branch: string;
  tariffCents: number;
  slotMinutes: number;
}

export interface DemoMunicipality {
  name: string;
  province: 'PZ' | 'MT';
  /** Cadastral code used in the codice fiscale. */
  belfioreCode: string;
  postalCode: string;
  /** The town centre (WGS84): distances to facilities are measured from here. */
  latitude: number;
  longitude: number;
}

export const DEMO_ORGANISATIONS: readonly DemoOrganisation[] = [
  { id: 'asp-pz', name: 'Azienda Sanitaria Locale di Potenza (ASP)', kind: 'asl' },
  { id: 'asm-mt', name: 'Azienda Sanitaria Locale di Matera (ASM)', kind: 'asl' },
  { id: 'aor-san-carlo', name: 'Azienda Ospedaliera Regionale San Carlo', kind: 'ao' },
  {
    id: 'irccs-crob',
    name: 'IRCCS Centro di Riferimento Oncologico della Basilicata (CROB)',
    kind: 'irccs',
  },
];

export const DEMO_FACILITIES: readonly DemoFacility[] = [
  // AOR San Carlo: the Potenza hub and its hospitals in the province.
  {
    id: 'aor-potenza-san-carlo',
    organisationId: 'aor-san-carlo',
    name: 'Ospedale San Carlo',
    address: 'Via Potito Petrone, 85100 Potenza (PZ)',
    municipality: 'Potenza',
    district: 'Distretto Potenza',
    latitude: 40.6272,
    longitude: 15.7795,
  },
  {
    id: 'aor-villa-dagri',
    organisationId: 'aor-san-carlo',
    name: "Ospedale di Villa d'Agri",
    address: "Villa d'Agri, 85050 Marsicovetere (PZ)",
    municipality: 'Marsicovetere',
    district: "Distretto Villa d'Agri",
    latitude: 40.3545,
    longitude: 15.823,
  },
  {
    id: 'aor-lagonegro',
    organisationId: 'aor-san-carlo',
    name: 'Ospedale di Lagonegro',
    address: '85042 Lagonegro (PZ)',
    municipality: 'Lagonegro',
    district: 'Distretto Lagonegro',
    latitude: 40.1255,
    longitude: 15.764,
  },
  {
    id: 'aor-melfi',
    organisationId: 'aor-san-carlo',
    name: 'Ospedale San Giovanni di Dio',
    address: '85025 Melfi (PZ)',
    municipality: 'Melfi',
    district: 'Distretto Melfi',
    latitude: 40.995,
    longitude: 15.654,
  },
  // IRCCS CROB, the regional cancer centre.
  {
    id: 'crob-rionero',
    organisationId: 'irccs-crob',
    name: 'IRCCS CROB',
    address: 'Via Padre Pio 1, 85028 Rionero in Vulture (PZ)',
    municipality: 'Rionero in Vulture',
    district: 'Distretto Melfi',
    latitude: 40.9255,
    longitude: 15.67,
  },
  // ASP Potenza: district hospitals, outpatient clinics and community houses.
  {
    id: 'asp-potenza-poliambulatorio',
    organisationId: 'asp-pz',
    name: 'Poliambulatorio distrettuale di Potenza',
    address: '85100 Potenza (PZ)',
    municipality: 'Potenza',
    district: 'Distretto Potenza',
    latitude: 40.64,
    longitude: 15.8,
  },
  {
    id: 'asp-avigliano',
    organisationId: 'asp-pz',
    name: 'Casa della Comunità di Avigliano',
    address: '85021 Avigliano (PZ)',
    municipality: 'Avigliano',
    district: 'Distretto Potenza',
    latitude: 40.7305,
    longitude: 15.7175,
  },
  {
    id: 'asp-tolve',
    organisationId: 'asp-pz',
    name: 'Casa della Comunità di Tolve',
    address: '85017 Tolve (PZ)',
    municipality: 'Tolve',
    district: 'Distretto Potenza',
    latitude: 40.696,
    longitude: 16.019,
  },
  {
    id: 'asp-venosa',
    organisationId: 'asp-pz',
    name: 'Ospedale distrettuale di Venosa',
    address: '85029 Venosa (PZ)',
    municipality: 'Venosa',
    district: 'Distretto Venosa',
    latitude: 40.9625,
    longitude: 15.817,
  },
  {
    id: 'asp-lavello',
    organisationId: 'asp-pz',
    name: 'Poliambulatorio di Lavello',
    address: '85024 Lavello (PZ)',
    municipality: 'Lavello',
    district: 'Distretto Venosa',
    latitude: 41.047,
    longitude: 15.793,
  },
  {
    id: 'asp-lauria',
    organisationId: 'asp-pz',
    name: 'Ospedale distrettuale di Lauria',
    address: '85044 Lauria (PZ)',
    municipality: 'Lauria',
    district: 'Distretto Lagonegro',
    latitude: 40.045,
    longitude: 15.838,
  },
  {
    id: 'asp-maratea',
    organisationId: 'asp-pz',
    name: 'Ospedale distrettuale di Maratea',
    address: '85046 Maratea (PZ)',
    municipality: 'Maratea',
    district: 'Distretto Lagonegro',
    latitude: 39.995,
    longitude: 15.721,
  },
  {
    id: 'asp-chiaromonte',
    organisationId: 'asp-pz',
    name: 'Ospedale distrettuale di Chiaromonte',
    address: '85032 Chiaromonte (PZ)',
    municipality: 'Chiaromonte',
    district: 'Distretto Senise',
    latitude: 40.1225,
    longitude: 16.215,
  },
  {
    id: 'asp-senise',
    organisationId: 'asp-pz',
    name: 'Poliambulatorio di Senise',
    address: '85038 Senise (PZ)',
    municipality: 'Senise',
    district: 'Distretto Senise',
    latitude: 40.1445,
    longitude: 16.2885,
  },
  {
    id: 'asp-santarcangelo',
    organisationId: 'asp-pz',
    name: "Casa della Comunità di Sant'Arcangelo",
    address: "85037 Sant'Arcangelo (PZ)",
    municipality: "Sant'Arcangelo",
    district: 'Distretto Senise',
    latitude: 40.2485,
    longitude: 16.2715,
  },
  // ASM Matera.
  {
    id: 'asm-matera-madonna-delle-grazie',
    organisationId: 'asm-mt',
    name: 'Ospedale Madonna delle Grazie',
    address: 'Contrada Cattedra Ambulante, 75100 Matera (MT)',
    municipality: 'Matera',
    district: 'Distretto Matera',
    latitude: 40.652,
    longitude: 16.589,
  },
  {
    id: 'asm-matera-poliambulatorio',
    organisationId: 'asm-mt',
    name: 'Poliambulatorio distrettuale di Matera',
    address: '75100 Matera (MT)',
    municipality: 'Matera',
    district: 'Distretto Matera',
    latitude: 40.666,
    longitude: 16.604,
  },
  {
    id: 'asm-tricarico',
    organisationId: 'asm-mt',
    name: 'Ospedale distrettuale di Tricarico',
    address: '75019 Tricarico (MT)',
    municipality: 'Tricarico',
    district: 'Distretto Matera',
    latitude: 40.619,
    longitude: 16.144,
  },
  {
    id: 'asm-ferrandina',
    organisationId: 'asm-mt',
    name: 'Casa della Comunità di Ferrandina',
    address: '75013 Ferrandina (MT)',
    municipality: 'Ferrandina',
    district: 'Distretto Matera',
    latitude: 40.4985,
    longitude: 16.456,
  },
  {
    id: 'asm-policoro',
    organisationId: 'asm-mt',
    name: 'Ospedale Giovanni Paolo II',
    address: '75025 Policoro (MT)',
    municipality: 'Policoro',
    district: 'Distretto Montalbano Jonico',
    latitude: 40.2125,
    longitude: 16.6755,
  },
  {
    id: 'asm-tinchi',
    organisationId: 'asm-mt',
    name: 'Ospedale distrettuale di Tinchi',
    address: 'Tinchi, 75015 Pisticci (MT)',
    municipality: 'Pisticci',
    district: 'Distretto Montalbano Jonico',
    latitude: 40.403,
    longitude: 16.644,
  },
  {
    id: 'asm-stigliano',
    organisationId: 'asm-mt',
    name: 'Ospedale distrettuale di Stigliano',
    address: '75018 Stigliano (MT)',
    municipality: 'Stigliano',
    district: 'Distretto Montalbano Jonico',
    latitude: 40.403,
    longitude: 16.229,
  },
  {
    id: 'asm-montalbano',
    organisationId: 'asm-mt',
    name: 'Poliambulatorio di Montalbano Jonico',
    address: '75023 Montalbano Jonico (MT)',
    municipality: 'Montalbano Jonico',
    district: 'Distretto Montalbano Jonico',
    latitude: 40.2875,
    longitude: 16.567,
  },
];

function service(
  code: string,
  description: string,
  kind: ServiceKind,
  branch: string,
  tariffCents: number,
  slotMinutes: number,
): DemoService {
  return { code, description, kind, branch, tariffCents, slotMinutes };
}

// First visits 20 minutes, follow-ups 15, imaging 10–40 by modality, lab tests 5 (the draw itself).
export const DEMO_SERVICES: readonly DemoService[] = [
  // Visits: first visit and follow-up for each branch.
  service('89.7A.3', 'Prima visita cardiologica', 'visit', 'cardiologia', 2240, 20),
  service('89.01.3', 'Visita cardiologica di controllo', 'visit', 'cardiologia', 1650, 15),
  service('89.7A.6', 'Prima visita chirurgica vascolare', 'visit', 'chirurgia vascolare', 2240, 20),
  service('89.01.4', 'Visita chirurgica vascolare di controllo', 'visit', 'chirurgia vascolare', 1650, 15),
  service('89.7A.7', 'Prima visita dermatologica', 'visit', 'dermatologia', 2240, 20),
  service('89.01.5', 'Visita dermatologica di controllo', 'visit', 'dermatologia', 1650, 15),
  service('89.7A.8', 'Prima visita endocrinologica', 'visit', 'endocrinologia', 2240, 20),
  service('89.01.6', 'Visita endocrinologica di controllo', 'visit', 'endocrinologia', 1650, 15),
  service('89.7A.9', 'Prima visita gastroenterologica', 'visit', 'gastroenterologia', 2240, 20),
  service('89.01.7', 'Visita gastroenterologica di controllo', 'visit', 'gastroenterologia', 1650, 15),
  service('89.7B.2', 'Prima visita fisiatrica', 'visit', 'medicina fisica e riabilitazione', 2240, 20),
  service('89.01.8', 'Visita fisiatrica di controllo', 'visit', 'medicina fisica e riabilitazione', 1650, 15),
  service('89.7B.3', 'Prima visita geriatrica', 'visit', 'geriatria', 2240, 20),
  service('89.01.9', 'Visita geriatrica di controllo', 'visit', 'geriatria', 1650, 15),
  service('89.7B.5', 'Prima visita nefrologica', 'visit', 'nefrologia', 2240, 20),
  service('89.01.A', 'Visita nefrologica di controllo', 'visit', 'nefrologia', 1650, 15),
  service('89.13', 'Prima visita neurologica', 'visit', 'neurologia', 2240, 20),
  service('89.01.B', 'Visita neurologica di controllo', 'visit', 'neurologia', 1650, 15),
  service('89.7B.6', 'Prima visita oncologica', 'visit', 'oncologia', 2240, 30),
  service('89.01.C', 'Visita oncologica di controllo', 'visit', 'oncologia', 1650, 20),
  service('89.7B.7', 'Prima visita ortopedica', 'visit', 'ortopedia', 2240, 20),
  service('89.01.D', 'Visita ortopedica di controllo', 'visit', 'ortopedia', 1650, 15),
  service('89.7B.8', 'Prima visita otorinolaringoiatrica', 'visit', 'otorinolaringoiatria', 2240, 20),
  service('89.01.E', 'Visita otorinolaringoiatrica di controllo', 'visit', 'otorinolaringoiatria', 1650, 15),
  service('89.7B.9', 'Prima visita pneumologica', 'visit', 'pneumologia', 2240, 20),
  service('89.01.F', 'Visita pneumologica di controllo', 'visit', 'pneumologia', 1650, 15),
  service('89.7C.1', 'Prima visita reumatologica', 'visit', 'reumatologia', 2240, 20),
  service('89.01.G', 'Visita reumatologica di controllo', 'visit', 'reumatologia', 1650, 15),
  service('89.7C.2', 'Prima visita urologica', 'visit', 'urologia', 2240, 20),
  service('89.01.H', 'Visita urologica di controllo', 'visit', 'urologia', 1650, 15),
  service('95.02', 'Prima visita oculistica', 'visit', 'oculistica', 2240, 20),
  service('95.02.1', 'Visita oculistica di controllo', 'visit', 'oculistica', 1650, 15),
  service('89.26.1', 'Prima visita ginecologica', 'visit', 'ginecologia', 2240, 20),
  service('89.26.3', 'Visita ginecologica di controllo', 'visit', 'ginecologia', 1650, 15),
  service('94.19.1', 'Prima visita psichiatrica', 'visit', 'psichiatria', 2240, 30),
  service('94.12.1', 'Visita psichiatrica di controllo', 'visit', 'psichiatria', 1650, 20),
  service('89.7A.1', 'Prima visita allergologica', 'visit', 'allergologia', 2240, 20),
  service('89.01.1', 'Visita allergologica di controllo', 'visit', 'allergologia', 1650, 15),

  // Cardiology and vascular diagnostics.
  service('89.52', 'Elettrocardiogramma', 'instrumental', 'cardiologia', 1162, 15),
  service('89.50', 'Elettrocardiogramma dinamico (Holter)', 'instrumental', 'cardiologia', 5165, 20),
  service(
    '89.61.1',
    'Monitoraggio continuo della pressione arteriosa (24 ore)',
    'instrumental',
    'cardiologia',
    4500,
    20,
  ),
  service('88.72.3', 'Ecocolordopplergrafia cardiaca', 'instrumental', 'cardiologia', 7500, 30),
  service(
    '89.41',
    'Test cardiovascolare da sforzo con cicloergometro',
    'instrumental',
    'cardiologia',
    6500,
    40,
  ),
  service(
    '88.73.5',
    'Ecocolordoppler dei tronchi sovraaortici',
    'instrumental',
    'chirurgia vascolare',
    4400,
    30,
  ),
  service(
    '88.77.4',
    'Ecocolordoppler degli arti inferiori venoso',
    'instrumental',
    'chirurgia vascolare',
    4400,
    30,
  ),
  service(
    '88.77.5',
    'Ecocolordoppler degli arti inferiori arterioso',
    'instrumental',
    'chirurgia vascolare',
    4400,
    30,
  ),

  // Radiology: plain films, ultrasound, CT, MRI, mammography, densitometry.
  service('87.44.1', 'RX del torace', 'instrumental', 'radiologia', 1550, 10),
  service('87.22', 'RX della colonna cervicale', 'instrumental', 'radiologia', 2000, 10),
  service('87.24', 'RX della colonna lombosacrale', 'instrumental', 'radiologia', 2000, 10),
  service('88.27', 'RX del ginocchio', 'instrumental', 'radiologia', 1800, 10),
  service('88.28', 'RX della caviglia e del piede', 'instrumental', 'radiologia', 1800, 10),
  service('87.37.1', 'Mammografia bilaterale', 'instrumental', 'radiologia', 4080, 20),
  service('88.73.1', 'Ecografia bilaterale della mammella', 'instrumental', 'radiologia', 3800, 20),
  service('88.76.1', 'Ecografia addome completo', 'instrumental', 'radiologia', 7500, 30),
  service('88.74.1', 'Ecografia addome superiore', 'instrumental', 'radiologia', 5000, 20),
  service('88.75.1', 'Ecografia addome inferiore', 'instrumental', 'radiologia', 4500, 20),
  service('88.71.4', 'Ecografia del collo (tiroide)', 'instrumental', 'radiologia', 3000, 20),
  service('88.79.3', 'Ecografia muscolotendinea', 'instrumental', 'radiologia', 3000, 20),
  service('88.79.7', 'Ecografia dei testicoli', 'instrumental', 'radiologia', 3000, 20),
  service('87.03', 'TC del capo (cranio-encefalo)', 'instrumental', 'radiologia', 8000, 20),
  service('87.03.1', 'TC del capo senza e con contrasto', 'instrumental', 'radiologia', 11500, 30),
  service('87.41', 'TC torace', 'instrumental', 'radiologia', 8500, 20),
  service('87.41.1', 'TC torace senza e con contrasto', 'instrumental', 'radiologia', 13000, 30),
  service('88.01.5', 'TC addome completo', 'instrumental', 'radiologia', 11000, 20),
  service('88.01.6', 'TC addome completo senza e con contrasto', 'instrumental', 'radiologia', 15000, 30),
  service('88.38.1', 'TC del rachide e dello speco vertebrale', 'instrumental', 'radiologia', 9000, 20),
  service('88.91.1', 'RM encefalo', 'instrumental', 'radiologia', 17000, 30),
  service('88.91.2', 'RM encefalo senza e con contrasto', 'instrumental', 'radiologia', 21000, 40),
  service('88.93', 'RM della colonna', 'instrumental', 'radiologia', 17000, 30),
  service('88.94.1', 'RM muscoloscheletrica (ginocchio)', 'instrumental', 'radiologia', 15000, 30),
  service('88.95.4', 'RM addome inferiore e scavo pelvico', 'instrumental', 'radiologia', 20000, 40),
  service('88.99.2', 'Densitometria ossea (DEXA) lombare', 'instrumental', 'radiologia', 3500, 15),

  // Endoscopy.
  service('45.13', 'Esofagogastroduodenoscopia', 'instrumental', 'gastroenterologia', 5500, 30),
  service('45.23', 'Colonscopia', 'instrumental', 'gastroenterologia', 9000, 40),
  service('45.24', 'Sigmoidoscopia con endoscopio flessibile', 'instrumental', 'gastroenterologia', 4500, 30),

  // Respiratory, ENT, eye, neurology, gynaecology, urology, dermatology.
  service('89.37.1', 'Spirometria semplice', 'instrumental', 'pneumologia', 2250, 20),
  service('89.37.2', 'Spirometria globale', 'instrumental', 'pneumologia', 4500, 30),
  service('89.65.1', 'Emogasanalisi arteriosa', 'instrumental', 'pneumologia', 1500, 15),
  service('95.41.1', 'Esame audiometrico tonale', 'instrumental', 'otorinolaringoiatria', 1700, 20),
  service('95.41.2', 'Esame audiometrico vocale', 'instrumental', 'otorinolaringoiatria', 1700, 20),
  service('95.47', 'Esame impedenzometrico', 'instrumental', 'otorinolaringoiatria', 1600, 15),
  service('31.42', 'Laringoscopia e altra tracheoscopia', 'instrumental', 'otorinolaringoiatria', 2500, 15),
  service('95.09.1', 'Esame del fundus oculi', 'instrumental', 'oculistica', 770, 15),
  service('95.05', 'Studio del campo visivo', 'instrumental', 'oculistica', 2000, 20),
  service('95.26', 'Tonometria', 'instrumental', 'oculistica', 700, 10),
  service('95.03.2', 'Tomografia retinica (OCT)', 'instrumental', 'oculistica', 5500, 20),
  service('89.14', 'Elettroencefalogramma', 'instrumental', 'neurologia', 2500, 40),
  service('93.08.1', 'Elettromiografia semplice', 'instrumental', 'neurologia', 6000, 40),
  service('88.78.2', 'Ecografia ginecologica', 'instrumental', 'ginecologia', 3500, 20),
  service('88.78', 'Ecografia ostetrica', 'instrumental', 'ginecologia', 3500, 20),
  service('91.38.5', 'Esame citologico cervico-vaginale (Pap test)', 'instrumental', 'ginecologia', 1500, 15),
  service('89.24', 'Uroflussometria', 'instrumental', 'urologia', 2000, 20),
  service('86.11', 'Biopsia della cute e del tessuto sottocutaneo', 'instrumental', 'dermatologia', 3000, 20),
  service('99.25', 'Somministrazione di chemioterapia antiblastica', 'instrumental', 'oncologia', 2500, 40),

  // Laboratory.
  service('91.49.2', 'Prelievo di sangue venoso', 'lab', 'laboratorio', 260, 5),
  service('90.62.2', 'Emocromo', 'lab', 'laboratorio', 319, 5),
  service('90.27.1', 'Glucosio', 'lab', 'laboratorio', 117, 5),
  service('90.28.1', 'Emoglobina glicata (HbA1c)', 'lab', 'laboratorio', 950, 5),
  service('90.16.3', 'Creatinina', 'lab', 'laboratorio', 113, 5),
  service('90.44.1', 'Urea', 'lab', 'laboratorio', 113, 5),
  service('90.14.3', 'Colesterolo totale', 'lab', 'laboratorio', 113, 5),
  service('90.14.1', 'Colesterolo HDL', 'lab', 'laboratorio', 143, 5),
  service('90.43.2', 'Trigliceridi', 'lab', 'laboratorio', 117, 5),
  service('90.04.5', 'Alanina aminotransferasi (ALT/GPT)', 'lab', 'laboratorio', 113, 5),
  service('90.09.2', 'Aspartato aminotransferasi (AST/GOT)', 'lab', 'laboratorio', 113, 5),
  service('90.25.5', 'Gamma glutamil transpeptidasi (gamma GT)', 'lab', 'laboratorio', 113, 5),
  service('90.10.4', 'Bilirubina totale e frazionata', 'lab', 'laboratorio', 181, 5),
  service('90.42.1', 'Tireotropina (TSH)', 'lab', 'laboratorio', 1280, 5),
  service('90.42.3', 'Tiroxina libera (FT4)', 'lab', 'laboratorio', 1280, 5),
  service('90.40.4', 'Sodio', 'lab', 'laboratorio', 117, 5),
  service('90.37.4', 'Potassio', 'lab', 'laboratorio', 117, 5),
  service('90.11.4', 'Calcio totale', 'lab', 'laboratorio', 117, 5),
  service('90.22.3', 'Ferritina', 'lab', 'laboratorio', 1050, 5),
  service('90.72.3', 'Proteina C reattiva (quantitativa)', 'lab', 'laboratorio', 378, 5),
  service('90.82.5', 'Velocità di eritrosedimentazione (VES)', 'lab', 'laboratorio', 227, 5),
  service('90.75.4', 'Tempo di protrombina (PT)', 'lab', 'laboratorio', 283, 5),
  service('90.76.1', 'Tempo di tromboplastina parziale (PTT)', 'lab', 'laboratorio', 283, 5),
  service('90.56.5', 'Antigene prostatico specifico (PSA) totale', 'lab', 'laboratorio', 1600, 5),
  service('90.33.4', 'Microalbuminuria', 'lab', 'laboratorio', 1200, 5),
  service('90.44.3', 'Esame completo delle urine', 'lab', 'laboratorio', 221, 5),
  service('90.94.2', 'Urinocoltura', 'lab', 'laboratorio', 860, 5),
];

// biome-ignore format: a grid of names reads better than one name per line
export const DEMO_GIVEN_NAMES_M: readonly string[] = [
  'Giuseppe', 'Antonio', 'Francesco', 'Giovanni', 'Rocco', 'Vito', 'Donato', 'Canio',
  'Gerardo', 'Nicola', 'Michele', 'Luigi', 'Angelo', 'Pasquale', 'Vincenzo', 'Domenico',
  'Salvatore', 'Mario', 'Carmine', 'Leonardo', 'Luca', 'Marco', 'Andrea', 'Alessandro',
  'Lorenzo', 'Mattia', 'Gabriele', 'Matteo', 'Davide', 'Simone', 'Federico', 'Riccardo',
  'Tommaso', 'Pietro', 'Emanuele', 'Stefano', 'Paolo', 'Fabio', 'Massimo', 'Roberto',
  'Claudio', 'Sergio', 'Raffaele', 'Egidio', 'Biagio', 'Eustachio', 'Carmelo', 'Gianluca',
  'Daniele', 'Alberto', 'Filippo', 'Diego', 'Nicolò', 'Mauro', 'Franco', 'Emilio',
  'Gaetano', 'Felice', 'Gerardo Maria', 'Gian Paolo',
];

// biome-ignore format: a grid of names reads better than one name per line
export const DEMO_GIVEN_NAMES_F: readonly string[] = [
  'Maria', 'Anna', 'Giuseppina', 'Rosa', 'Angela', 'Giovanna', 'Teresa', 'Lucia',
  'Carmela', 'Caterina', 'Francesca', 'Antonietta', 'Rocchina', 'Filomena', 'Assunta', 'Concetta',
  'Donata', 'Vita', 'Gerardina', 'Carmen', 'Immacolata', 'Rosaria', 'Annunziata', 'Michela',
  'Nicoletta', 'Laura', 'Giulia', 'Sofia', 'Aurora', 'Alice', 'Ginevra', 'Emma',
  'Giorgia', 'Greta', 'Martina', 'Chiara', 'Sara', 'Elena', 'Valentina', 'Alessia',
  'Federica', 'Silvia', 'Paola', 'Roberta', 'Simona', 'Elisa', 'Ilaria', 'Marta',
  'Beatrice', 'Noemi', 'Serena', 'Veronica', 'Claudia', 'Daniela', 'Patrizia', 'Mariangela',
  'Raffaella', 'Grazia', 'Marianna', 'Anna Maria',
];

// biome-ignore format: a grid of names reads better than one name per line
export const DEMO_FAMILY_NAMES: readonly string[] = [
  'Rossi', 'Romano', 'Colangelo', 'Summa', 'Laurino', 'Lorusso', 'Santoro', 'Sabia',
  'Pace', 'Claps', 'Di Lorenzo', 'Carlucci', 'Coviello', 'Pisani', 'Molinari', 'Grieco',
  'Larocca', 'Cillis', 'Scavone', 'Pietrafesa', "D'Andrea", 'Viggiani', 'Bochicchio', 'Telesca',
  'Caivano', 'Pascale', 'Gerardi', 'Lapenta', 'Salvia', 'Falotico', 'Mecca', 'Lacerenza',
  'Di Bello', 'De Bonis', 'Lovallo', 'Fiore', 'Russo', 'Esposito', 'Colucci', 'Gallo',
  'Lombardi', 'Martino', 'Greco', 'Marino', 'Ricci', 'De Luca', "D'Amico", 'Lopardo',
  'Petrone', 'Carbone', 'Zaccagnino', 'Cappiello', 'Montano', 'Nolè', 'Mancusi', 'Pinto',
  'Sileo', 'Giordano', 'Leone', 'Laguardia',
];

// Belfiore codes checked against two independent copies of the ISTAT/Revenue Agency list.
export const DEMO_MUNICIPALITIES: readonly DemoMunicipality[] = [
  {
    name: 'Potenza',
    province: 'PZ',
    belfioreCode: 'G942',
    postalCode: '85100',
    latitude: 40.6404,
    longitude: 15.8056,
  },
  {
    name: 'Matera',
    province: 'MT',
    belfioreCode: 'F052',
    postalCode: '75100',
    latitude: 40.6664,
    longitude: 16.6043,
  },
  {
    name: 'Melfi',
    province: 'PZ',
    belfioreCode: 'F104',
    postalCode: '85025',
    latitude: 40.9965,
    longitude: 15.652,
  },
  {
    name: 'Pisticci',
    province: 'MT',
    belfioreCode: 'G712',
    postalCode: '75015',
    latitude: 40.3906,
    longitude: 16.5586,
  },
  {
    name: 'Policoro',
    province: 'MT',
    belfioreCode: 'G786',
    postalCode: '75025',
    latitude: 40.2128,
    longitude: 16.6782,
  },
  {
    name: 'Lavello',
    province: 'PZ',
    belfioreCode: 'E493',
    postalCode: '85024',
    latitude: 41.0483,
    longitude: 15.7919,
  },
  {
    name: 'Rionero in Vulture',
    province: 'PZ',
    belfioreCode: 'H307',
    postalCode: '85028',
    latitude: 40.9253,
    longitude: 15.6719,
  },
  {
    name: 'Lauria',
    province: 'PZ',
    belfioreCode: 'E483',
    postalCode: '85044',
    latitude: 40.047,
    longitude: 15.836,
  },
  {
    name: 'Bernalda',
    province: 'MT',
    belfioreCode: 'A801',
    postalCode: '75012',
    latitude: 40.4117,
    longitude: 16.6903,
  },
  {
    name: 'Venosa',
    province: 'PZ',
    belfioreCode: 'L738',
    postalCode: '85029',
    latitude: 40.9619,
    longitude: 15.8179,
  },
  {
    name: 'Avigliano',
    province: 'PZ',
    belfioreCode: 'A519',
    postalCode: '85021',
    latitude: 40.7308,
    longitude: 15.717,
  },
  {
    name: 'Montescaglioso',
    province: 'MT',
    belfioreCode: 'F637',
    postalCode: '75024',
    latitude: 40.5525,
    longitude: 16.6672,
  },
  {
    name: 'Ferrandina',
    province: 'MT',
    belfioreCode: 'D547',
    postalCode: '75013',
    latitude: 40.4981,
    longitude: 16.4553,
  },
  {
    name: 'Montalbano Jonico',
    province: 'MT',
    belfioreCode: 'F399',
    postalCode: '75023',
    latitude: 40.2872,
    longitude: 16.5672,
  },
  {
    name: 'Tito',
    province: 'PZ',
    belfioreCode: 'L181',
    postalCode: '85050',
    latitude: 40.5833,
    longitude: 15.6767,
  },
  {
    name: 'Scanzano Jonico',
    province: 'MT',
    belfioreCode: 'M256',
    postalCode: '75020',
    latitude: 40.25,
    longitude: 16.7,
  },
  {
    name: 'Senise',
    province: 'PZ',
    belfioreCode: 'I610',
    postalCode: '85038',
    latitude: 40.1447,
    longitude: 16.2883,
  },
  {
    name: 'Nova Siri',
    province: 'MT',
    belfioreCode: 'A942',
    postalCode: '75020',
    latitude: 40.1478,
    longitude: 16.5383,
  },
  {
    name: "Sant'Arcangelo",
    province: 'PZ',
    belfioreCode: 'I305',
    postalCode: '85037',
    latitude: 40.2486,
    longitude: 16.2717,
  },
  {
    name: 'Genzano di Lucania',
    province: 'PZ',
    belfioreCode: 'D971',
    postalCode: '85013',
    latitude: 40.8481,
    longitude: 16.0322,
  },
  {
    name: 'Lagonegro',
    province: 'PZ',
    belfioreCode: 'E409',
    postalCode: '85042',
    latitude: 40.1242,
    longitude: 15.7642,
  },
  {
    name: 'Tricarico',
    province: 'MT',
    belfioreCode: 'L418',
    postalCode: '75019',
    latitude: 40.62,
    longitude: 16.145,
  },
  {
    name: 'Muro Lucano',
    province: 'PZ',
    belfioreCode: 'F817',
    postalCode: '85054',
    latitude: 40.7539,
    longitude: 15.4872,
  },
  // Villa d'Agri, seat of the hospital, is a hamlet of Marsicovetere.
  {
    name: 'Marsicovetere',
    province: 'PZ',
    belfioreCode: 'E977',
    postalCode: '85050',
    latitude: 40.3747,
    longitude: 15.8256,
  },
  {
    name: 'Maratea',
    province: 'PZ',
    belfioreCode: 'E919',
    postalCode: '85046',
    latitude: 39.9931,
    longitude: 15.7156,
  },
  {
    name: 'Stigliano',
    province: 'MT',
    belfioreCode: 'I954',
    postalCode: '75018',
    latitude: 40.4017,
    longitude: 16.23,
  },
  {
    name: 'Chiaromonte',
    province: 'PZ',
    belfioreCode: 'C619',
    postalCode: '85032',
    latitude: 40.1239,
    longitude: 16.2153,
  },
  {
    name: 'Tolve',
    province: 'PZ',
    belfioreCode: 'L197',
    postalCode: '85017',
    latitude: 40.6953,
    longitude: 16.0181,
  },
  {
    name: 'Latronico',
    province: 'PZ',
    belfioreCode: 'E474',
    postalCode: '85043',
    latitude: 40.0881,
    longitude: 16.0103,
  },
  {
    name: 'Irsina',
    province: 'MT',
    belfioreCode: 'E326',
    postalCode: '75022',
    latitude: 40.7439,
    longitude: 16.2406,
  },
];

const organisationsById = new Map(DEMO_ORGANISATIONS.map((o) => [o.id, o]));
const facilitiesById = new Map(DEMO_FACILITIES.map((f) => [f.id, f]));
const servicesByCode = new Map(DEMO_SERVICES.map((s) => [s.code, s]));
const municipalitiesByCode = new Map(DEMO_MUNICIPALITIES.map((m) => [m.belfioreCode, m]));

export function findOrganisation(id: string): DemoOrganisation | undefined {
  return organisationsById.get(id);
}

export function findFacility(id: string): DemoFacility | undefined {
  return facilitiesById.get(id);
}

export function findService(code: string): DemoService | undefined {
  return servicesByCode.get(code);
}

export function findMunicipalityByBelfiore(code: string): DemoMunicipality | undefined {
  return municipalitiesByCode.get(code.toUpperCase());
}

export function facilitiesOf(organisationId: string): DemoFacility[] {
  return DEMO_FACILITIES.filter((f) => f.organisationId === organisationId);
}

/**
 * Exemptions the demo region uses besides the national income-based E01-E04 (in the migration). Codes
 * and coverage after DPCM 12 Jan 2017 (LEA) annex 8 and DM 329/1999, simplified to the demo catalogue:
 * a pathology exemption covers the services that monitor the disease, here by branch or service code.
 */
export const DEMO_EXEMPTIONS: readonly Exemption[] = [
  {
    code: '013',
    description: 'Diabete mellito',
    category: 'pathology',
    coversAll: false,
    branches: ['endocrinologia'],
    serviceCodes: [
      '89.52',
      '95.02',
      '95.02.1',
      '95.09.1',
      '90.27.1',
      '90.28.1',
      '90.16.3',
      '90.14.3',
      '90.14.1',
      '90.43.2',
      '91.49.2',
    ],
  },
  {
    code: '031',
    description: "Ipertensione arteriosa con danno d'organo",
    category: 'pathology',
    coversAll: false,
    branches: ['cardiologia'],
    serviceCodes: ['88.73.5', '95.09.1', '90.16.3', '90.40.4', '90.37.4', '90.14.3', '90.43.2', '91.49.2'],
  },
  {
    code: '048',
    description: 'Soggetti affetti da patologie neoplastiche maligne',
    category: 'pathology',
    coversAll: false,
    branches: ['oncologia', 'radiologia', 'laboratorio'],
    serviceCodes: [],
  },
  {
    code: 'C01',
    description: 'Invalidi civili al 100% senza indennità di accompagnamento',
    category: 'invalidity',
    coversAll: true,
    branches: [],
    serviceCodes: [],
  },
];
