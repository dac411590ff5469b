/**
 * The forces of police.uk (data.police.uk/api/forces): their ids are the folder names of the
 * neighbourhood boundary download, one folder per force, one KML per neighbourhood.
 */
export const policeUkForces: readonly { id: string; name: string }[] = [
  ['avon-and-somerset', 'Avon and Somerset Constabulary'], ['bedfordshire', 'Bedfordshire Police'], ['cambridgeshire', 'Cambridgeshire Constabulary'],
  ['cheshire', 'Cheshire Constabulary'], ['city-of-london', 'City of London Police'], ['cleveland', 'Cleveland Police'], ['cumbria', 'Cumbria Constabulary'],
  ['derbyshire', 'Derbyshire Constabulary'], ['devon-and-cornwall', 'Devon & Cornwall Police'], ['dorset', 'Dorset Police'], ['durham', 'Durham Constabulary'],
  ['dyfed-powys', 'Dyfed-Powys Police'], ['essex', 'Essex Police'], ['gloucestershire', 'Gloucestershire Constabulary'], ['greater-manchester', 'Greater Manchester Police'],
  ['gwent', 'Gwent Police'], ['hampshire', 'Hampshire Constabulary'], ['hertfordshire', 'Hertfordshire Constabulary'], ['humberside', 'Humberside Police'],
  ['kent', 'Kent Police'], ['lancashire', 'Lancashire Constabulary'], ['leicestershire', 'Leicestershire Police'], ['lincolnshire', 'Lincolnshire Police'],
  ['merseyside', 'Merseyside Police'], ['metropolitan', 'Metropolitan Police Service'], ['norfolk', 'Norfolk Constabulary'], ['north-wales', 'North Wales Police'],
  ['north-yorkshire', 'North Yorkshire Police'], ['northamptonshire', 'Northamptonshire Police'], ['northumbria', 'Northumbria Police'], ['nottinghamshire', 'Nottinghamshire Police'],
  ['south-wales', 'South Wales Police'], ['south-yorkshire', 'South Yorkshire Police'], ['staffordshire', 'Staffordshire Police'], ['suffolk', 'Suffolk Constabulary'],
  ['surrey', 'Surrey Police'], ['sussex', 'Sussex Police'], ['thames-valley', 'Thames Valley Police'], ['warwickshire', 'Warwickshire Police'],
  ['west-mercia', 'West Mercia Police'], ['west-midlands', 'West Midlands Police'], ['west-yorkshire', 'West Yorkshire Police'], ['wiltshire', 'Wiltshire Police'],
].map(([id, name]) => ({ id: id!, name: name! }))
