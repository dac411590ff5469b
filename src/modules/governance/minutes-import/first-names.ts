// Whether a word is a first name people in Britain commonly have: evidence that a run of
// capitalised words starts a person ("Geoff Knight Chief Inspector – Cannock LPT Mike Tams …"),
// never the only test of a name (a name the list lacks is still a name). The list is the
// human-names package's English first names (MIT), with the short forms British minutes print,
// Scottish, Welsh and Irish names, and common names of Britain's South Asian, African and Eastern
// European communities that it lacks.
// Words that are also common in minutes' prose or places ("May", "Will", "Chase") are left out.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

const MORE = `Al Alun Ann Anne Babs Bev Bernie Carolann Cath Chris Col Dai Del Di Dot Ged Gaz Gerry Gill Gwyn Gwen
Huw Ieuan Iwan Jacqui Mac Jackie Jas Jez Jo Kath Kathy Kev Kerrie Lyn Lynne Mags Mick Mo Nia Nic Pam Pip Pippa
Philippa Phil Ros Sal Sian Siân Trev Tricia Trish Val Viv Willy Wyn
Vikki Becki Nicki Debs Stu Jonny Dom Bex Kaz Tez Ems Gez Baz Caz Shaz Tash Ange Suze Roz Issy
Zoë Chloë Chlöe Renée Zoé
Mairi Alasdair Alaisdair Marjory Chrisanne Morag Murdo Ruaridh Ruairidh Seonaid Eamonn Lowri Iolo Morven
Ishbel Dougie Grahame Rab
Abdul Afzal Ahmed Ajay Akhtar Ali Amarjit Amir Amit Amolak Anil Anjum Arif Arshad Asha Ashok Asif Ayesha Aziz
Baljit Balbir Bhavna Deepak Dinesh Farah Faisal Farooq Farzana Fatima Gurjit Gurpreet Harjit Harpreet Hardeep
Hema Imran Inderjit Junaid Iqbal Jasbir Jaswinder Javed Joshna Kamal Kamaljit Kamran Kiran Kuldip Kulwant Mahesh
Mandeep Manjeeta Manjit Manpreet Meena Mohammed Mohammad Muhammad Nadeem Narinder Nasreen Naveed Neelam Nisha
Nusrat Parminder Parveen Pooja Pradeep Priya Rahul Raj Rajinder Rakesh Ramesh Rashid Ravi Rekha Rizwan Rubina
Sajid Salma Samina Sanjay Satnam Shabana Shahid Shazia Sukhwinder Sunil Sunita Surinder Suresh Syed Tariq
Usha Vijay Yasmin Zahid Zainab
Alun Arfon Aled Bethan Carys Catrin Cerith Dafydd Dylan Eleri Emyr Ffion Gareth Geraint Gethin Glyn Hefin
Llinos Meinir Nerys Owain Rhian Rhodri Rhys Sioned Tegwen
Ade Adebayo Chidi Chinedu Emeka Femi Folake Funmi Kemi Kofi Kwame Ngozi Nkechi Olu Segun Tunde Yemi
Agnieszka Ilir Ilirjeta Jolanta Katarzyna Marek Piotr Tomasz Zbigniew`

/** First names that are words minutes use for other things. */
const NOT_HERE = new Set(
  (
    'may will grace hope chase joy faith page mark bill dean victoria sunny summer autumn rose lane park hall ' +
    'north south art royal major earl frank guy sterling chance justice nova'
  ).split(' '),
)

let known: Set<string> | null = null
function names(): Set<string> {
  if (known) return known
  const listed = ['female', 'male'].flatMap((g) => require(`human-names/data/${g}-human-names-en.json`) as string[])
  known = new Set(
    [...listed, ...MORE.split(/\s+/)].map((n) => n.trim().toLowerCase()).filter((n) => n && !NOT_HERE.has(n)),
  )
  return known
}

/**
 * "Geoff", "Toni-Marie" (its first part), "Siân": a first name, as printed with a capital.
 * `evenIfAWord` counts "Mark" and "May" too, where what follows leaves no doubt ("Mark Collins,").
 */
export function isFirstName(word: string | undefined, evenIfAWord = false): boolean {
  if (!word || !/^[A-Z][a-zà-ÿ'’]+(?:-[A-Z][a-zà-ÿ'’]+)?$/.test(word)) return false
  const w = word.toLowerCase()
  if (evenIfAWord && NOT_HERE.has(w)) return true
  return names().has(w) || names().has(w.split('-')[0]!)
}
